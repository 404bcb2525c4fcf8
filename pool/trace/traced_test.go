package trace_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"poolviz/pool"
	"poolviz/pool/trace"
)

// TestTracedHeaderIsVersion3 checks a traced program's header: written as
// version 3 with its fields in a stable order, read back whole, and written
// again byte for byte.
func TestTracedHeaderIsVersion3(t *testing.T) {
	h := trace.Header{Source: trace.SourceTrace, Mode: "parallel", Script: "job.py", ScriptSHA256: "ab12",
		Python: "3.12.3", Listing: "print('hi')\n"}
	evs := []pool.Event{{Seq: 1, Kind: pool.KindMainStarted, Value: "job.py"}}
	first := write(t, h, evs)
	wantHeader := `{"poolviz":"events","version":3,"seed":0,"mode":"parallel","source":"trace","script":"job.py",` +
		`"script_sha256":"ab12","python":"3.12.3","listing":"print('hi')\n"}`
	if line, _, _ := strings.Cut(string(first), "\n"); line != wantHeader {
		t.Errorf("header line\n%s\nwant\n%s", line, wantHeader)
	}
	got, gotEvs, err := trace.Read(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	h.Poolviz, h.Version = trace.Format, 3
	if !reflect.DeepEqual(got, h) || !reflect.DeepEqual(gotEvs, evs) {
		t.Errorf("read back %+v, want %+v", got, h)
	}
	if second := write(t, got, gotEvs); !bytes.Equal(first, second) {
		t.Errorf("a traced run does not round-trip byte for byte:\n%s\n%s", first, second)
	}
}

// TestOlderVersionsStillRead checks that version 1 (no end line) and version 2
// files are read by this version.
func TestOlderVersionsStillRead(t *testing.T) {
	ev := `{"seq":1,"t":0,"actor":{"kind":"main"},"kind":"main-started"}` + "\n"
	for _, file := range []string{
		`{"poolviz":"events","version":1,"scenario":"s"}` + "\n" + ev,
		`{"poolviz":"events","version":2,"scenario":"s"}` + "\n" + ev + `{"poolviz":"end","events":1}` + "\n",
	} {
		h, evs, err := trace.Read(strings.NewReader(file))
		if err != nil || h.Scenario != "s" || len(evs) != 1 {
			t.Errorf("%.40s: header %+v, %d events, error %v", file, h, len(evs), err)
		}
	}
}
