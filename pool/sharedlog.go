package pool

import (
	"context"
	"iter"
	"time"
)

// LogLine is a line of the shared log.
type LogLine struct {
	Time   time.Duration
	Writer string
	Line   string
	Log    string // the log's name
}

// Log is the shared log of the seed tutorial: a Manager list that every worker
// appends lines to.
//
// Its events (Object = the log's name):
//   - KindObjectCreated: Label "log".
//   - KindLogAppended: Actor = the writer; Value = the line; Count = the number of
//     lines after the append. The event's Time is the line's time.

// Log is an append-only list of lines shared by every actor of an engine, as a
// Python Manager().list() that tasks append to: each line keeps who wrote it and
// when. Appending never blocks. The lines are kept compactly (logLines): a run
// of a million tasks that each write two lines keeps them in some 75 MB, where
// a slice of LogLine took about 200.
type Log struct {
	objectBase
	lines logLines
}

// NewLog returns an empty log called name.
func NewLog(e *Engine, name string) *Log {
	l := &Log{}
	e.newObject(&l.objectBase, "log", "log", name, 0, "")
	return l
}

// String renders the log as "Log(name)".
func (l *Log) String() string { return "Log(" + l.name + ")" }

// Append adds line, written by the caller, at the current virtual time.
func (l *Log) Append(ctx context.Context, line string) {
	e := l.e
	a, _ := e.caller(ctx)
	who := actorRef(a)
	e.mu.Lock()
	defer e.mu.Unlock()
	l.lines.add(e.nowLocked(), who, line)
	e.emit(a, Event{Actor: who, Kind: KindLogAppended, Object: l.name, Value: line, Count: l.lines.n})
}

// All yields the lines the log has when the loop begins, oldest first. It
// copies them out a few hundred at a time, under the engine lock, and yields
// them without it: the loop's body may call the engine (print each line, or
// append to the log: lines appended meanwhile are not yielded). Cost: a
// string for each line's text; nothing grows with the log's length.
func (l *Log) All() iter.Seq[LogLine] {
	return func(yield func(LogLine) bool) {
		l.e.mu.Lock()
		n := l.lines.n
		l.e.mu.Unlock()
		buf := make([]LogLine, 0, allBatch)
		for i := 0; i < n; i += len(buf) {
			l.e.mu.Lock()
			buf = l.lines.appendRange(buf[:0], i, min(n, i+allBatch), l.name)
			l.e.mu.Unlock()
			for _, ln := range buf {
				if !yield(ln) {
					return
				}
			}
		}
	}
}

// allBatch is how many lines All copies out at a time.
const allBatch = 256

// Lines returns a copy of every line, oldest first. A long log's copy is
// large (LogLine values and their strings): All yields them one by one.
func (l *Log) Lines() []LogLine {
	l.e.mu.Lock()
	defer l.e.mu.Unlock()
	return l.lines.appendRange(make([]LogLine, 0, l.lines.n), 0, l.lines.n, l.name)
}

// Len returns the number of lines.
func (l *Log) Len() int {
	l.e.mu.Lock()
	defer l.e.mu.Unlock()
	return l.lines.n
}
