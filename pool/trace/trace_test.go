package trace_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/pool/trace"
)

const ms = time.Millisecond

// simulate runs main on a Simulated engine to the end and returns every event.
func simulate(t testing.TB, seed uint64, main func(e *pool.Engine, p *pool.Proc) error) []pool.Event {
	t.Helper()
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(seed))
	e.Start(func(p *pool.Proc) error { return main(e, p) })
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	evs := e.Drain(nil)
	e.Shutdown()
	return e.Drain(evs)
}

// sharedQueueRun is the tutorial: a shared queue handed to every worker through
// the initializer, results put on it by tasks, main getting them as they come.
func sharedQueueRun(t testing.TB) []pool.Event {
	return simulate(t, 1, func(e *pool.Engine, p *pool.Proc) error {
		q := pool.NewSimpleQueue[string](e, "results")
		pl, err := pool.New(e, pool.Workers(3), pool.WithInitializer(func(p *pool.Proc, q *pool.SimpleQueue[string]) error {
			p.Globals().Set("queue", q)
			return p.Sleep(200 * ms)
		}, q))
		if err != nil {
			return err
		}
		if _, err := pool.MapAsync(p, pl, func(p *pool.Proc, id int) (int, error) {
			if err := p.Sleep(time.Duration(p.Rand().IntN(5)+1) * 100 * ms); err != nil {
				return 0, err
			}
			q, _ := pool.Global[*pool.SimpleQueue[string]](p, "queue")
			return id, q.Put(p, "("+strconv.Itoa(id)+")")
		}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); err != nil {
			return err
		}
		for range 10 {
			v, err := q.Get(p)
			if err != nil {
				return err
			}
			p.Print("Got ", v)
		}
		pl.Close()
		return pl.Join(p)
	})
}

// troubleRun has what a trace must survive: a worker replaced after two tasks, a
// failing task, a result with a callback, and a terminate with tasks still queued
// and running.
func troubleRun(t testing.TB) []pool.Event {
	return simulate(t, 2, func(e *pool.Engine, p *pool.Proc) error {
		pl, err := pool.New(e, pool.Workers(2), pool.MaxTasksPerChild(2))
		if err != nil {
			return err
		}
		work := func(p *pool.Proc, x int) (int, error) {
			p.Step("work")
			if x == 3 {
				return 0, errors.New("three is bad luck")
			}
			return x, p.Sleep(time.Duration(x+1) * 100 * ms)
		}
		first, err := pool.ApplyAsync(p, pl, work, 0, pool.OnSuccess(func(int) {}))
		if err != nil {
			return err
		}
		if _, err := first.Get(p); err != nil {
			return err
		}
		for x := 1; x < 12; x++ {
			if _, err := pool.ApplyAsync(p, pl, work, x); err != nil {
				return err
			}
		}
		if err := p.Sleep(time.Second); err != nil {
			return err
		}
		pl.Terminate(p)
		return pl.Join(p)
	})
}

func header() trace.Header {
	return trace.Header{Scenario: "shared-queue", Seed: 1, Mode: "simulated", Workers: 3, Tasks: 10, Speed: 1.5,
		Params: map[string]string{"chunksize": "2", "note": "<b> & ünïcode"}}
}

func write(t testing.TB, h trace.Header, evs []pool.Event) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := trace.Write(&b, h, evs); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	for name, evs := range map[string][]pool.Event{"shared queue": sharedQueueRun(t), "trouble": troubleRun(t)} {
		t.Run(name, func(t *testing.T) {
			first := write(t, header(), evs)
			h, got, err := trace.Read(bytes.NewReader(first))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			want := header()
			want.Poolviz, want.Version = trace.Format, 2 // no traced program's field: written as version 2
			if !reflect.DeepEqual(h, want) {
				t.Errorf("header %+v, want %+v", h, want)
			}
			if !reflect.DeepEqual(got, evs) {
				t.Errorf("events differ after a round trip")
			}
			if second := write(t, h, got); !bytes.Equal(first, second) {
				t.Errorf("the second write differs from the first")
			}
		})
	}
	// Strings that are not valid UTF-8 are made valid once, then stay put.
	evs := []pool.Event{{Seq: 1, Kind: pool.KindOutput, Value: "bad \xff byte", Vars: []pool.Var{{Name: "\xfe", Value: "x"}}}}
	first := write(t, trace.Header{Scenario: "\xff"}, evs)
	h, got, err := trace.Read(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if second := write(t, h, got); !bytes.Equal(first, second) {
		t.Errorf("invalid UTF-8 does not round-trip:\n%s\n%s", first, second)
	}
}

func TestSchemaIsStable(t *testing.T) {
	evs := []pool.Event{
		{Seq: 1, Kind: pool.KindPoolCreated, Object: "pool", Count: 2},
		{Seq: 2, Time: 1500 * ms, Actor: pool.Actor{Kind: pool.ActorWorker, ID: 2}, Kind: pool.KindBlocked, Object: "lock A", Dur: -1},
		{Seq: 3, Actor: pool.Actor{Kind: pool.ActorResultHandler}, Kind: pool.KindResultReady, Task: 1},
	}
	want := `{"poolviz":"events","version":2,"scenario":"s","seed":7}
{"seq":1,"t":0,"actor":{"kind":"main"},"kind":"pool-created","count":2,"object":"pool"}
{"seq":2,"t":1500000000,"actor":{"kind":"worker","id":2},"kind":"blocked","object":"lock A","dur":-1}
{"seq":3,"t":0,"actor":{"kind":"result-handler"},"kind":"result-ready","task":1}
{"poolviz":"end","events":3}
`
	if got := string(write(t, trace.Header{Scenario: "s", Seed: 7}, evs)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestReadErrorsNameTheLine(t *testing.T) {
	const hdr = `{"poolviz":"events","version":1,"seed":1}` + "\n"
	const ev1 = `{"seq":1,"t":0,"actor":{"kind":"main"},"kind":"main-started"}` + "\n"
	const ev2 = `{"seq":2,"t":5,"actor":{"kind":"main"},"kind":"pool-created","object":"pool"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "line 1: empty file"},
		{"missing header", ev1, "line 1: missing header"},
		{"not an object", "[1,2]\n", "line 1: invalid header"},
		{"header is not JSON", "poolviz events\n", "line 1: truncated or invalid JSON"},
		{"future version", `{"poolviz":"events","version":4}` + "\n" + ev1, "line 1: version 4 is newer than this poolviz understands (3)"},
		{"version 0", `{"poolviz":"events","version":0}` + "\n", "line 1: invalid version 0"},
		{"bad JSON", hdr + ev1 + `{"seq":2,,}` + "\n", "line 3: truncated or invalid JSON: invalid character"},
		{"unknown kind", hdr + ev1 + strings.Replace(ev2, "pool-created", "foo", 1), `line 3: unknown event kind "foo"`},
		{"unknown actor", hdr + strings.Replace(ev1, `"main"}`, `"ghost"}`, 1), `line 2: unknown actor kind "ghost"`},
		{"unknown field", hdr + strings.Replace(ev1, `"t":0`, `"t":0,"colour":"red"`, 1), `line 2: unknown field "colour"`},
		{"wrong type", hdr + strings.Replace(ev1, `"t":0`, `"t":"soon"`, 1), "line 2: invalid event: cannot unmarshal string"},
		{"truncated JSON", hdr + ev1 + ev2[:30], "line 3: truncated or invalid JSON"},
		{"no final newline", hdr + ev1 + strings.TrimSuffix(ev2, "\n"), "line 3: truncated: the last line has no newline"},
		{"seq repeats", hdr + ev1 + ev1, "line 3: seq 1 does not follow 1"},
		{"seq goes back", hdr + ev2 + ev1, "line 3: seq 1 does not follow 2"},
		{"no seq", hdr + `{"t":0,"actor":{"kind":"main"},"kind":"output"}` + "\n", "line 2: missing seq"},
		{"no kind", hdr + `{"seq":1,"t":0,"actor":{"kind":"main"}}` + "\n", "line 2: missing event kind"},
		{"empty line", hdr + ev1 + "\n" + ev2, "line 3: empty line"},
		{"two values", hdr + strings.TrimSuffix(ev1, "\n") + "{}\n", "line 2: truncated or invalid JSON: more than one value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, evs, err := trace.Read(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; read %d events", len(evs))
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with %q", err, tt.want)
			}
			var pe *trace.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Errorf("error %T is not a *ParseError with a line", err)
			}
		})
	}
}

// TestReadRefusesARunCutShort checks the end line of version 2: a file cut at
// the end of a line, a missing or an added line, and anything after the end
// line are refused; a version 1 file, which has no end line, still reads.
func TestReadRefusesARunCutShort(t *testing.T) {
	const hdr = `{"poolviz":"events","version":2,"seed":1}` + "\n"
	const ev1 = `{"seq":1,"t":0,"actor":{"kind":"main"},"kind":"main-started"}` + "\n"
	const ev2 = `{"seq":2,"t":5,"actor":{"kind":"main"},"kind":"pool-created","object":"pool"}` + "\n"
	const end2 = `{"poolviz":"end","events":2}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"no end line", hdr + ev1 + ev2, "line 4: cut short: the file ends after line 3 without its end line"},
		{"a line missing", hdr + ev2 + end2, "line 3: the end line counts 2 events, but 1 came before it"},
		{"a line after the end", hdr + ev1 + ev2 + end2 + ev2, "line 5: a line after the end line"},
		{"a bad end line", hdr + ev1 + `{"poolviz":"stop","events":1}` + "\n", "line 3: invalid end line"},
		{"no events, no end line", hdr, "line 2: cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, evs, err := trace.Read(strings.NewReader(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v (%d events), want it to start with %q", err, len(evs), tt.want)
			}
		})
	}
	if _, evs, err := trace.Read(strings.NewReader(hdr + ev1 + ev2 + end2)); err != nil || len(evs) != 2 {
		t.Errorf("a whole version 2 file: %d events, %v", len(evs), err)
	}
	v1 := `{"poolviz":"events","version":1,"seed":1}` + "\n" + ev1 + ev2
	if _, evs, err := trace.Read(strings.NewReader(v1)); err != nil || len(evs) != 2 {
		t.Errorf("a version 1 file: %d events, %v", len(evs), err)
	}
}

func TestReadLongLines(t *testing.T) {
	long := strings.Repeat("x", 200_000) // longer than the reader's buffer
	evs := []pool.Event{{Seq: 1, Kind: pool.KindOutput, Value: long}}
	_, got, err := trace.Read(bytes.NewReader(write(t, trace.Header{}, evs)))
	if err != nil || len(got) != 1 || got[0].Value != long {
		t.Fatalf("err %v, %d events", err, len(got))
	}
	in := `{"poolviz":"events","version":1}` + "\n" + strings.Repeat(" ", trace.MaxLine+1)
	if _, _, err := trace.Read(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "line 2: line longer than") {
		t.Errorf("error %v", err)
	}
}

func TestWriteRefusesWhatReadWouldRefuse(t *testing.T) {
	for name, evs := range map[string][]pool.Event{
		"no kind":      {{Seq: 1}},
		"unknown kind": {{Seq: 1, Kind: pool.Kind(250)}},
		"seq repeats":  {{Seq: 1, Kind: pool.KindOutput}, {Seq: 1, Kind: pool.KindOutput}},
		"seq zero":     {{Seq: 0, Kind: pool.KindOutput}},
		"bad actor":    {{Seq: 1, Kind: pool.KindOutput, Actor: pool.Actor{Kind: 9}}},
	} {
		if err := trace.Write(&bytes.Buffer{}, trace.Header{}, evs); err == nil {
			t.Errorf("%s: Write did not refuse", name)
		}
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.jsonl")
	evs := sharedQueueRun(t)
	if err := trace.WriteFile(path, header(), evs); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// A write that fails half-way leaves the old file whole and nothing else.
	bad := append(append([]pool.Event(nil), evs...), pool.Event{Seq: 1, Kind: pool.KindOutput})
	if err := trace.WriteFile(path, header(), bad); err == nil {
		t.Fatal("WriteFile accepted a decreasing seq")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed write changed the file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want 1 (no temporary file left)", len(entries))
	}
	_, got, err := trace.ReadFile(path)
	if err != nil || !reflect.DeepEqual(got, evs) {
		t.Fatalf("ReadFile: %v", err)
	}
	// A corrupt file's error names the file and the line.
	lines := strings.SplitAfter(string(before), "\n")
	lines[6] = strings.Replace(lines[6], `"kind":"`, `"kind":"foo`, 2)
	os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644)
	_, _, err = trace.ReadFile(path)
	if want := path + " line 7: unknown "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}
}

// FuzzRead checks that the loader never panics and that whatever it accepts it
// writes back in a form that reads and writes identically.
func FuzzRead(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("{}\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":1,"params":{}}` + "\n" + `{"seq":1,"t":0,"actor":{"kind":"worker","id":1},"kind":"task-started","vars":[]}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":1}` + "\n" + `{"SEQ":1,"kind":"output","value":"\ud800 \u2028 <&>"}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":1}` + "\n" + `{"seq":1,"kind":"output"}`))
	var b bytes.Buffer
	trace.Write(&b, header(), troubleRun(f)[:40])
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		h, evs, err := trace.Read(bytes.NewReader(data))
		if err != nil {
			var pe *trace.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		first := write(t, h, evs)
		h2, evs2, err := trace.Read(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("cannot read what Write wrote: %v\n%s", err, first)
		}
		if len(evs2) != len(evs) {
			t.Fatalf("%d events, then %d", len(evs), len(evs2))
		}
		if second := write(t, h2, evs2); !bytes.Equal(first, second) {
			t.Fatalf("not byte-identical:\n%s\n%s", first, second)
		}
	})
}

func TestReadNamedNamesTheLog(t *testing.T) {
	_, _, err := trace.ReadNamed("piped.jsonl", strings.NewReader("{}\n"))
	if want := "piped.jsonl line 1: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}
}
