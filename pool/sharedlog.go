package pool

import (
	"context"
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
// when. Appending never blocks.
type Log struct {
	objectBase
	lines []LogLine
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
	l.lines = append(l.lines, LogLine{Time: e.nowLocked(), Writer: who.String(), Line: line, Log: l.name})
	e.emit(a, Event{Actor: who, Kind: KindLogAppended, Object: l.name, Value: line, Count: len(l.lines)})
}

// Lines returns a copy of every line, oldest first.
func (l *Log) Lines() []LogLine {
	l.e.mu.Lock()
	defer l.e.mu.Unlock()
	out := make([]LogLine, len(l.lines))
	copy(out, l.lines)
	return out
}

// Len returns the number of lines.
func (l *Log) Len() int {
	l.e.mu.Lock()
	defer l.e.mu.Unlock()
	return len(l.lines)
}
