package pool

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// randomLines returns n lines as a slice of LogLine would keep them: texts
// of every kind (empty, multibyte, control characters, some long), several
// writers, times that go forward.
func randomLines(n int, seed uint64) ([]LogLine, []Actor) {
	r := rand.New(rand.NewPCG(seed, 1))
	texts := []string{"", "task 7: started", "naïve ünïcode ✓", "tab\there\nnewline", "\x1b[31mred\x1b[0m", strings.Repeat("long ", 40)}
	actors := []Actor{MainActor, {Kind: ActorWorker, ID: 1}, {Kind: ActorWorker, ID: 2}, {Kind: ActorWorker, ID: 256}, {Kind: ActorResultHandler}}
	var lines []LogLine
	var who []Actor
	t := time.Duration(0)
	for i := range n {
		t += time.Duration(r.IntN(3)) * time.Millisecond
		text := texts[r.IntN(len(texts))]
		if r.IntN(3) == 0 {
			text = fmt.Sprintf("task %d: done", i)
		}
		a := actors[r.IntN(len(actors))]
		lines = append(lines, LogLine{Time: t, Writer: a.String(), Line: text, Log: "log"})
		who = append(who, a)
	}
	return lines, who
}

// TestLogLinesReadBackIdentically stores lines compactly and reads them back,
// whole and in ranges that cross blocks: every line is the one stored. With
// a small bound on a block's text, blocks are sealed early and lines longer
// than it take a block of their own; the lines still read back the same.
func TestLogLinesReadBackIdentically(t *testing.T) {
	for _, maxText := range []int{0, 64} {
		want, who := randomLines(3*linesPerBlock+77, 5)
		ls := logLines{maxText: maxText}
		for i, ln := range want {
			ls.add(ln.Time, who[i], ln.Line)
		}
		if ls.n != len(want) {
			t.Fatalf("maxText %d: %d lines kept, want %d", maxText, ls.n, len(want))
		}
		if got := ls.appendRange(nil, 0, ls.n, "log"); !reflect.DeepEqual(got, want) {
			t.Fatalf("maxText %d: the lines read back differ", maxText)
		}
		for _, r := range [][2]int{{0, 0}, {1, 2}, {linesPerBlock - 3, linesPerBlock + 3}, {2000, 3100}, {len(want) - 1, len(want)}} {
			if got := ls.appendRange(nil, r[0], r[1], "log"); len(got)+len(want[r[0]:r[1]]) > 0 && !reflect.DeepEqual(got, want[r[0]:r[1]]) {
				t.Errorf("maxText %d: lines %d to %d read back differ", maxText, r[0], r[1])
			}
		}
		if maxText == 0 && !ls.full() || maxText != 0 && ls.full() {
			t.Errorf("maxText %d: blocks full %v", maxText, ls.full())
		}
		if len(ls.writers) != 5 {
			t.Errorf("maxText %d: %d writers kept, want the 5 distinct ones", maxText, len(ls.writers))
		}
	}
}

// TestLogLinesAreSmall checks what a line costs besides its text: 16 bytes,
// where a LogLine takes 56 and its strings more, and that the blocks' texts
// take little more than the texts themselves.
func TestLogLinesAreSmall(t *testing.T) {
	if n := unsafe.Sizeof(lineRec{}); n != 16 {
		t.Errorf("a line's record takes %d bytes, want 16", n)
	}
	const n = 20 * linesPerBlock
	var ls logLines
	textBytes := 0
	for i := range n {
		line := fmt.Sprintf("task %d: started", i)
		textBytes += len(line)
		ls.add(time.Duration(i), Actor{Kind: ActorWorker, ID: i % 7}, line)
	}
	kept := 0
	for _, b := range ls.blocks {
		kept += cap(b.text) + cap(b.recs)*int(unsafe.Sizeof(lineRec{}))
	}
	if max := textBytes + textBytes/4 + 16*n + 2*linesPerBlock*16; kept > max {
		t.Errorf("%d lines of %d bytes of text are kept in %d bytes, want at most %d", n, textBytes, kept, max)
	}
}

// TestLogAllYieldsEveryLine appends lines from tasks, then reads them with
// All while appending more in the loop's body: All yields the lines there
// when it began, the same as Lines, and stops when the loop breaks.
func TestLogAllYieldsEveryLine(t *testing.T) {
	e := NewEngine(Simulated, WithSeed(3))
	var l *Log
	var got, broke []LogLine
	var lines []LogLine
	e.Start(func(p *Proc) error {
		l = NewLog(e, "log")
		pl, err := New(e, Workers(3))
		if err != nil {
			return err
		}
		defer pl.Terminate(p)
		if _, err := Map(p, pl, func(w *Proc, i int) (int, error) {
			l.Append(w, fmt.Sprintf("task %d: started", i))
			if err := w.Sleep(time.Duration(i%5) * time.Millisecond); err != nil {
				return 0, err
			}
			l.Append(w, fmt.Sprintf("task %d: done", i))
			return i, nil
		}, ids(1500)); err != nil {
			return err
		}
		lines = l.Lines()
		for ln := range l.All() {
			got = append(got, ln)
			l.Append(p, "read "+ln.Line) // takes the engine lock: All does not hold it
		}
		for ln := range l.All() {
			if broke = append(broke, ln); len(broke) == 300 {
				break
			}
		}
		return nil
	})
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	e.Shutdown()
	if done, err := e.MainDone(); !done || err != nil {
		t.Fatalf("main done %v, err %v", done, err)
	}
	if len(lines) != 3000 || !reflect.DeepEqual(got, lines) {
		t.Fatalf("All yielded %d lines, Lines returned %d; want the same 3000", len(got), len(lines))
	}
	if !reflect.DeepEqual(broke, lines[:300]) {
		t.Errorf("a loop broken after 300 lines got %d", len(broke))
	}
	if l.Len() != 6000 {
		t.Errorf("the log has %d lines, want 6000", l.Len())
	}
}

func ids(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
