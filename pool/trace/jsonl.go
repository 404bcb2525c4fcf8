package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"poolviz/internal/safetext"
	"poolviz/pool"
)

// Format is the header's "poolviz" value, which marks a file as an event log.
const Format = "events"

// Version is the newest schema version this package reads, and the one it
// writes for a traced program's run. Version 2 added the end line; version 3
// the header's fields of a traced program (Source, Script, ScriptSHA256,
// Python, Listing). A run with none of them is written as version 2, as
// before, so the files of the presets keep their bytes.
const Version = 3

// SourceTrace is the header's Source for a run of a real Python program, traced.
const SourceTrace = "trace"

// endFormat is the end line's "poolviz" value; the end line counts the events,
// so that a file cut short at the end of a line, or missing lines, is refused.
const endFormat = "end"

// endLine is the last line of a version 2 event log.
type endLine struct {
	Poolviz string `json:"poolviz"` // always endFormat
	Events  int    `json:"events"`  // how many event lines come before it
}

// endPrefix starts the end line and no event line: events have no "poolviz" field.
var endPrefix = []byte(`{"poolviz":`)

// MaxLine is the longest line Read accepts, in bytes.
const MaxLine = 4 << 20

// Header is the first line of an event log: what ran, so it can be run again.
type Header struct {
	Poolviz  string            `json:"poolviz"` // always Format; Write sets it
	Version  int               `json:"version"` // the schema version; Write sets it
	Scenario string            `json:"scenario,omitempty"`
	Seed     uint64            `json:"seed"`
	Mode     string            `json:"mode,omitempty"` // "simulated" or "parallel"
	Workers  int               `json:"workers,omitempty"`
	Tasks    int               `json:"tasks,omitempty"`
	Speed    float64           `json:"speed,omitempty"`
	Params   map[string]string `json:"params,omitempty"`
	// Source is SourceTrace for a traced Python program, empty for a preset.
	Source string `json:"source,omitempty"`
	// Script is the traced program's file name (without its folder),
	// ScriptSHA256 the hex SHA-256 of its text, Python the version of the
	// interpreter that ran it ("3.12.3"), and Listing the text itself, so that a
	// replay shows the program without its file.
	Script       string `json:"script,omitempty"`
	ScriptSHA256 string `json:"script_sha256,omitempty"`
	Python       string `json:"python,omitempty"`
	Listing      string `json:"listing,omitempty"`
}

// version returns the schema version h is written in: the oldest that holds
// what it says.
func (h Header) version() int {
	if h.Source != "" || h.Script != "" || h.ScriptSHA256 != "" || h.Python != "" || h.Listing != "" {
		return Version
	}
	return 2
}

// ParseError is why an event log could not be read, and where.
type ParseError struct {
	File string // the file's name, when known
	Line int    // from 1
	Msg  string
	Err  error // the underlying error, if any
}

// Error reads as "run.jsonl line 7: unknown event kind "foo"".
func (e *ParseError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Write writes h and evs as an event log: the header with Format and Version set,
// then one event per line. It refuses events without a kind or whose seq does not
// increase, so that whatever it writes, Read reads. Invalid UTF-8 in strings is
// replaced by U+FFFD, so that writing what Read returned gives the same bytes.
// Cost: one buffered write per event, no copy of evs. A Writer writes the same
// bytes from events given block by block.
func Write(w io.Writer, h Header, evs []pool.Event) error {
	lw, err := NewWriter(w, h)
	if err != nil {
		return err
	}
	if err := lw.Write(evs); err != nil {
		return err
	}
	return lw.Close()
}

// Writer writes an event log as its events come, block by block, holding none
// of them: a run of any length is written in constant memory. Write writes the
// same bytes from the whole run at once.
type Writer struct {
	bw   *bufio.Writer
	enc  *json.Encoder
	n    int    // events written
	last uint64 // the last event's seq
	err  error  // the first error; every later call returns it
}

// NewWriter writes h, with Format and Version set, as an event log's header
// line, and returns the Writer of its events. Close writes the end line.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	lw := &Writer{bw: bw, enc: json.NewEncoder(&safeJSON{w: bw})}
	lw.enc.SetEscapeHTML(false) // values such as "<lambda>" stay readable
	h.Poolviz, h.Version = Format, h.version()
	if err := lw.enc.Encode(validHeader(h)); err != nil {
		return nil, fmt.Errorf("write header: %w", err)
	}
	return lw, nil
}

// Write writes evs, one line each, after those written before. It refuses an
// event without a kind or whose seq does not follow the last one's.
func (lw *Writer) Write(evs []pool.Event) error {
	for i := range evs {
		if lw.err != nil {
			return lw.err
		}
		ev := &evs[i]
		switch {
		case ev.Kind == pool.KindNone:
			lw.err = fmt.Errorf("write event %d (seq %d): no kind", lw.n, ev.Seq)
		case ev.Seq == 0 || (lw.n > 0 && ev.Seq <= lw.last):
			lw.err = fmt.Errorf("write event %d: seq %d does not follow %d: seq must increase from 1", lw.n, ev.Seq, lw.last)
		default:
			if err := lw.enc.Encode(validEvent(*ev)); err != nil {
				lw.err = fmt.Errorf("write event %d (seq %d): %w", lw.n, ev.Seq, err)
			}
		}
		lw.last = ev.Seq
		lw.n++
	}
	return lw.err
}

// Close writes the end line, which counts the events, and flushes what is
// buffered. It does not close the underlying writer.
func (lw *Writer) Close() error {
	if lw.err != nil {
		return lw.err
	}
	if err := lw.enc.Encode(endLine{Poolviz: endFormat, Events: lw.n}); err != nil {
		lw.err = fmt.Errorf("write end line: %w", err)
		return lw.err
	}
	lw.err = lw.bw.Flush()
	return lw.err
}

// Read reads an event log that Write wrote. Errors are *ParseError values naming
// the line and what is wrong with it. A saved run is shared between people, so
// what it says is untrusted: every string of its events and header, but the
// listing, comes back made safe to print on a terminal (safetext.Line: a
// control character shows as an escape such as \x1b). A Reader reads the same
// log event by event, holding none of them.
func Read(r io.Reader) (Header, []pool.Event, error) {
	lr, err := NewReader(r)
	if err != nil {
		return lr.Header(), nil, err
	}
	var evs []pool.Event
	for {
		ev, err := lr.Next()
		if err == io.EOF {
			return lr.Header(), evs, nil
		}
		if err != nil {
			return lr.Header(), nil, err
		}
		evs = append(evs, ev)
	}
}

// Reader reads an event log line by line: its header when it is made, then
// one event for each Next. It checks what Read checks, as it goes: the last
// line read is the end line, and the count it gives is right.
type Reader struct {
	br    *bufio.Reader
	h     Header
	n     int    // the lines read
	count int    // the events read
	last  uint64 // the last event's seq
	ended bool   // the end line was read
	err   error  // the first error, or io.EOF at the end
}

// NewReader reads the header line of the event log r holds. An error is a
// *ParseError naming the line; the Reader is then at its end.
func NewReader(r io.Reader) (*Reader, error) {
	lr := &Reader{br: bufio.NewReaderSize(r, 64<<10)}
	b, complete, err := lr.line()
	switch {
	case err != nil:
	case b == nil && !complete:
		err = lr.fail("empty file: an event log starts with a header line", nil)
	case len(b) == 0 && complete:
		err = lr.fail("empty line", nil)
	default:
		var herr error
		if lr.h, herr = parseHeader(b); herr != nil {
			err = lr.fail(herr.Error(), herr)
		} else if !complete {
			err = lr.truncated()
		}
	}
	if err != nil {
		lr.err = err
		return lr, err
	}
	return lr, nil
}

// Header returns the log's header, made safe to print (as Read's).
func (lr *Reader) Header() Header { return lr.h }

// Line returns the number of lines read so far.
func (lr *Reader) Line() int { return lr.n }

// Next returns the next event, made safe to print (as Read's), or io.EOF after
// the last one, once the end line was read and checked. Any other error is a
// *ParseError naming the line; after an error, Next returns it again.
func (lr *Reader) Next() (pool.Event, error) {
	for lr.err == nil {
		ev, ok, err := lr.next()
		if err != nil {
			lr.err = err
		} else if ok {
			return ev, nil
		}
	}
	return pool.Event{}, lr.err
}

// next reads one line: an event (ok), the end line, or the end of the input (io.EOF).
func (lr *Reader) next() (pool.Event, bool, error) {
	b, complete, err := lr.line()
	if err != nil {
		return pool.Event{}, false, err
	}
	if b == nil && !complete { // end of file
		if lr.h.Version >= 2 && !lr.ended {
			return pool.Event{}, false, lr.fail(fmt.Sprintf("cut short: the file ends after line %d without its end line", lr.n-1), io.ErrUnexpectedEOF)
		}
		return pool.Event{}, false, io.EOF
	}
	if len(b) == 0 && complete {
		return pool.Event{}, false, lr.fail("empty line", nil)
	}
	var ev pool.Event
	isEvent := false
	switch {
	case lr.ended:
		return ev, false, lr.fail("a line after the end line", nil)
	case lr.h.Version >= 2 && bytes.HasPrefix(b, endPrefix):
		var end endLine
		if err := json.Unmarshal(b, &end); err != nil || end.Poolviz != endFormat {
			return ev, false, lr.fail(`invalid end line: want {"poolviz":"end","events":N}`, err)
		}
		if end.Events != lr.count {
			return ev, false, lr.fail(fmt.Sprintf("the end line counts %d events, but %d came before it: lines are missing or were added", end.Events, lr.count), nil)
		}
		lr.ended = true
	default:
		if ev, err = parseEvent(b); err != nil {
			return ev, false, lr.fail(err.Error(), err)
		}
		switch {
		case ev.Seq == 0:
			return ev, false, lr.fail("missing seq: events are numbered from 1", nil)
		case ev.Seq <= lr.last:
			return ev, false, lr.fail(fmt.Sprintf("seq %d does not follow %d: seq must increase", ev.Seq, lr.last), nil)
		}
		lr.last = ev.Seq
		lr.count++
		ev, isEvent = safetext.Event(ev), true // a saved run is shared: its strings are untrusted
	}
	if !complete {
		return ev, false, lr.truncated()
	}
	return ev, isEvent, nil
}

// line reads the next line, counting it.
func (lr *Reader) line() ([]byte, bool, error) {
	lr.n++
	b, complete, err := readLine(lr.br)
	if err != nil {
		return nil, false, lr.fail(err.Error(), err)
	}
	return b, complete, nil
}

// fail is the error of the line just read.
func (lr *Reader) fail(msg string, err error) error {
	return &ParseError{Line: lr.n, Msg: msg, Err: err}
}

func (lr *Reader) truncated() error {
	return lr.fail("truncated: the last line has no newline (was the file cut short?)", io.ErrUnexpectedEOF)
}

// readLine returns the next line without its newline and whether it had one; at
// the end of the input it returns nil, false.
func readLine(br *bufio.Reader) ([]byte, bool, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLine {
			return nil, false, fmt.Errorf("line longer than %d bytes", MaxLine)
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return line, false, nil
		default:
			return nil, false, fmt.Errorf("read: %w", err)
		}
	}
}

func parseHeader(b []byte) (Header, error) {
	var h Header
	var probe struct {
		Poolviz *string `json:"poolviz"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return h, jsonError("header", err)
	}
	switch {
	case probe.Poolviz == nil || *probe.Poolviz != Format || probe.Version == nil:
		return h, errors.New(`missing header: an event log starts with {"poolviz":"events","version":N,...}`)
	case *probe.Version > Version:
		return h, fmt.Errorf("version %d is newer than this poolviz understands (%d)", *probe.Version, Version)
	case *probe.Version < 1:
		return h, fmt.Errorf("invalid version %d: versions start at 1", *probe.Version)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return h, jsonError("header", err)
	}
	return safeHeader(h), nil
}

// safeHeader returns h with its one-line strings made safe to print
// (safetext.Line). The listing is left as written: its SHA-256 is checked
// against the text as it was, and whoever shows it makes it safe then.
func safeHeader(h Header) Header {
	for _, f := range [...]*string{&h.Scenario, &h.Mode, &h.Source, &h.Script, &h.ScriptSHA256, &h.Python} {
		*f = safetext.Line(*f)
	}
	for k, v := range h.Params {
		if !safetext.Safe(k) || !safetext.Safe(v) {
			p := make(map[string]string, len(h.Params))
			for k, v := range h.Params {
				p[safetext.Line(k)] = safetext.Line(v)
			}
			h.Params = p
			break
		}
	}
	return h
}

func parseEvent(b []byte) (pool.Event, error) {
	var ev pool.Event
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil {
		return ev, jsonError("event", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return ev, errors.New("truncated or invalid JSON: more than one value on the line")
	}
	if ev.Kind == pool.KindNone {
		return ev, errors.New("missing event kind")
	}
	return ev, nil
}

// jsonError says what is wrong with a line that encoding/json refused.
func jsonError(what string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("truncated or invalid JSON: %s", msg)
	case errors.As(err, &typ):
		return fmt.Errorf("invalid %s: %s", what, msg)
	}
	return errors.New(msg) // unknown kinds and fields: the message says it all
}

// validHeader returns h with its strings made valid UTF-8.
func validHeader(h Header) Header {
	h.Scenario, h.Mode = validUTF8(h.Scenario), validUTF8(h.Mode)
	for _, f := range [...]*string{&h.Source, &h.Script, &h.ScriptSHA256, &h.Python, &h.Listing} {
		*f = validUTF8(*f)
	}
	for k, v := range h.Params {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			p := make(map[string]string, len(h.Params))
			for k, v := range h.Params {
				p[validUTF8(k)] = validUTF8(v)
			}
			h.Params = p
			break
		}
	}
	return h
}

// validEvent returns ev with its strings made valid UTF-8.
func validEvent(ev pool.Event) pool.Event {
	for _, s := range [...]*string{&ev.Object, &ev.Other, &ev.Label, &ev.Value, &ev.Err} {
		*s = validUTF8(*s)
	}
	for _, v := range ev.Vars {
		if !utf8.ValidString(v.Name) || !utf8.ValidString(v.Value) {
			vs := make([]pool.Var, len(ev.Vars))
			for j, v := range ev.Vars {
				vs[j] = pool.Var{Name: validUTF8(v.Name), Value: validUTF8(v.Value)}
			}
			ev.Vars = vs
			break
		}
	}
	return ev
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
