package trace_test

import (
	"bytes"
	"io"
	"testing"

	"poolviz/pool"
	"poolviz/pool/trace"
)

// blocks cuts evs into blocks of n events, and one of the rest.
func blocks(evs []pool.Event, n int) [][]pool.Event {
	var bs [][]pool.Event
	for len(evs) > n {
		bs, evs = append(bs, evs[:n]), evs[n:]
	}
	return append(bs, evs)
}

// TestWritersWriteAsTheyGo checks that the event log and the Chrome trace,
// written block by block as a run goes, are byte for byte what Write and
// WriteChromeTrace write of the whole run, and that a Reader gives back every
// event, one by one.
func TestWritersWriteAsTheyGo(t *testing.T) {
	h := header()
	for name, evs := range map[string][]pool.Event{"shared-queue": sharedQueueRun(t), "trouble": troubleRun(t)} {
		var whole, wholeChrome bytes.Buffer
		if err := trace.Write(&whole, h, evs); err != nil {
			t.Fatal(err)
		}
		if err := trace.WriteChromeTrace(&wholeChrome, h, evs); err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 7, len(evs) + 1} {
			var got, gotChrome bytes.Buffer
			lw, err := trace.NewWriter(&got, h)
			if err != nil {
				t.Fatal(err)
			}
			cw := trace.NewChromeWriter(&gotChrome, h)
			for _, b := range blocks(evs, n) {
				if err := lw.Write(b); err != nil {
					t.Fatal(err)
				}
				if err := cw.Write(b); err != nil {
					t.Fatal(err)
				}
			}
			if err := lw.Close(); err != nil {
				t.Fatal(err)
			}
			if err := cw.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), whole.Bytes()) {
				t.Errorf("%s in blocks of %d: the event log differs from Write's", name, n)
			}
			if !bytes.Equal(gotChrome.Bytes(), wholeChrome.Bytes()) {
				t.Errorf("%s in blocks of %d: the Chrome trace differs from WriteChromeTrace's", name, n)
			}
		}
		r, err := trace.NewReader(bytes.NewReader(whole.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for ; ; n++ {
			ev, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: event %d: %v", name, n, err)
			}
			if ev.Seq != evs[n].Seq || ev.Kind != evs[n].Kind {
				t.Fatalf("%s: event %d is %v, want %v", name, n, ev, evs[n])
			}
		}
		if n != len(evs) || r.Header().Scenario != h.Scenario {
			t.Errorf("%s: the Reader read %d events of %d, header %+v", name, n, len(evs), r.Header())
		}
	}
}

// TestWriterRefusesAsWriteDoes checks that a Writer refuses an event out of
// order in a later block, naming its place in the whole run, and keeps
// refusing after.
func TestWriterRefusesAsWriteDoes(t *testing.T) {
	evs := sharedQueueRun(t)[:10]
	lw, err := trace.NewWriter(io.Discard, header())
	if err != nil {
		t.Fatal(err)
	}
	if err := lw.Write(evs[:5]); err != nil {
		t.Fatal(err)
	}
	err = lw.Write(evs[2:3])
	want := "write event 5: seq 3 does not follow 5: seq must increase from 1"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	if err := lw.Close(); err == nil {
		t.Fatal("Close after a refused event: no error")
	}
}
