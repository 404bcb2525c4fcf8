package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"testing"

	"poolviz/internal/safetext"
	"poolviz/pool"
)

// FuzzReaderReadsAsTheWholeFileRead checks that the Reader, which reads a
// saved run event by event, accepts and refuses exactly what the reader of
// whole files did before it (readWhole, kept here as the reference), with
// the same events and the same error, line and message.
func FuzzReaderReadsAsTheWholeFileRead(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}`))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n" + `{"poolviz":"end","events":0}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n" + `{"poolviz":"end","events":0}`))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n" + `{"poolviz":"end","events":0}` + "\n\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n" + `{"seq":1,"kind":"output","value":"a\u001b]0;x"}` + "\n" + `{"poolviz":"end","events":1}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":2}` + "\n" + `{"seq":1,"kind":"output"}` + "\n" + `{"poolviz":"end","events":2}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":1}` + "\n" + `{"seq":2,"kind":"output"}` + "\n" + `{"seq":1,"kind":"output"}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":1}` + "\n" + `{"seq":1,"kind":"output"}`))
	f.Add([]byte(`{"poolviz":"events","version":1}` + "\n" + `{"seq":0,"kind":"output"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wh, wevs, werr := readWhole(bytes.NewReader(data))
		h, evs, err := Read(bytes.NewReader(data))
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("error %v, want %v", err, werr)
		}
		if !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(evs, wevs) {
			t.Fatalf("read %+v %v, want %+v %v", h, evs, wh, wevs)
		}
	})
}

// readWhole reads an event log that Write wrote. Errors are *ParseError values naming
// the line and what is wrong with it. A saved run is shared between people, so
// what it says is untrusted: every string of its events and header, but the
// listing, comes back made safe to print on a terminal (safetext.Line: a
// control character shows as an escape such as \x1b).
func readWhole(r io.Reader) (Header, []pool.Event, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		h     Header
		evs   []pool.Event
		last  uint64
		ended bool // the end line was read
	)
	for n := 1; ; n++ {
		b, complete, err := readLine(br)
		if err != nil {
			return h, nil, &ParseError{Line: n, Msg: err.Error(), Err: err}
		}
		if b == nil && !complete { // end of file
			switch {
			case n == 1:
				return h, nil, &ParseError{Line: 1, Msg: "empty file: an event log starts with a header line"}
			case h.Version >= 2 && !ended:
				return h, nil, &ParseError{Line: n, Msg: fmt.Sprintf("cut short: the file ends after line %d without its end line", n-1), Err: io.ErrUnexpectedEOF}
			}
			return h, evs, nil
		}
		fail := func(msg string, err error) (Header, []pool.Event, error) {
			return h, nil, &ParseError{Line: n, Msg: msg, Err: err}
		}
		if len(b) == 0 && complete {
			return fail("empty line", nil)
		}
		switch {
		case ended:
			return fail("a line after the end line", nil)
		case n > 1 && h.Version >= 2 && bytes.HasPrefix(b, endPrefix):
			var end endLine
			if err := json.Unmarshal(b, &end); err != nil || end.Poolviz != endFormat {
				return fail(`invalid end line: want {"poolviz":"end","events":N}`, err)
			}
			if end.Events != len(evs) {
				return fail(fmt.Sprintf("the end line counts %d events, but %d came before it: lines are missing or were added", end.Events, len(evs)), nil)
			}
			ended = true
		case n == 1:
			if h, err = parseHeader(b); err != nil {
				return fail(err.Error(), err)
			}
		default:
			ev, err := parseEvent(b)
			if err != nil {
				return fail(err.Error(), err)
			}
			switch {
			case ev.Seq == 0:
				return fail("missing seq: events are numbered from 1", nil)
			case ev.Seq <= last:
				return fail(fmt.Sprintf("seq %d does not follow %d: seq must increase", ev.Seq, last), nil)
			}
			last = ev.Seq
			evs = append(evs, safetext.Event(ev)) // a saved run is shared: its strings are untrusted

		}
		if !complete {
			return fail("truncated: the last line has no newline (was the file cut short?)", io.ErrUnexpectedEOF)
		}
	}
}
