package narrate

import (
	"strconv"
	"time"

	"poolviz/pool"
)

// appendObject tells what happens to a shared object, and the run's own news:
// a deadlock, the main program's output, events too fast to show.
func appendObject(dst []byte, ev *pool.Event) []byte {
	switch ev.Kind {
	case pool.KindWaitBegan, pool.KindUnblocked, pool.KindWaitEnded:
		return appendWaitEnd(dst, ev) // a wait that blocks is told by its KindBlocked event
	case pool.KindBarrierBroken:
		return append(append(append(dst, "barrier "...), ev.Object...), " is broken"...)
	case pool.KindWhatIf:
		return appendWhatIf(dst, ev)
	case pool.KindOutput:
		return append(append(dst, "main prints: "...), ev.Value...)
	case pool.KindCoalesced:
		return append(appendInt(dst, ev.Count), " events were too fast to show one by one; counts stay exact"...)
	case pool.KindNotified:
		dst = appendInt(append(appendActor(dst, ev.Actor), " notified "...), ev.Count)
		return append(append(dst, " waiting on "...), ev.Object...)
	case pool.KindBlocked:
		dst = append(append(appendActor(dst, ev.Actor), ' '), ev.Label...)
		dst = append(append(dst, ' '), ev.Object...)
		if ev.Other != "" {
			dst = append(append(dst, ", held by "...), ev.Other...)
		}
		return dst
	case pool.KindObjectCreated:
		dst = append(append(appendActor(dst, ev.Actor), " created "...), ev.Label...)
		return append(append(dst, ' '), ev.Object...)
	case pool.KindConnClosed:
		dst = append(append(appendActor(dst, ev.Actor), " closed the "...), ev.Label...)
		return append(append(dst, " of "...), pool.ObjectPhrase("pipe", ev.Object)...)
	case pool.KindQueuePut, pool.KindQueueGet:
		if ev.Label != "" { // a pipe's send or recv
			return appendPipe(dst, ev)
		}
	}
	verb, ok := objectVerbs[ev.Kind]
	if !ok {
		return dst
	}
	dst = append(appendActor(dst, ev.Actor), verb.before...)
	if verb.mid != "" {
		dst = append(append(dst, ev.Value...), verb.mid...)
	}
	dst = append(dst, ev.Object...)
	if verb.after != "" {
		dst = append(append(dst, verb.after...), ev.Value...)
	}
	return dst
}

// objectVerb is how a sentence about a shared object reads: the actor, then
// before, then the value and mid when mid is set, then the object, then after
// and the value when after is set.
type objectVerb struct{ before, mid, after string }

// objectVerbs holds the sentences that name only the actor, the object and
// the event's value.
var objectVerbs = map[pool.Kind]objectVerb{
	pool.KindQueuePut:         {before: " put ", mid: " on "},
	pool.KindQueueGet:         {before: " got ", mid: " from "},
	pool.KindAcquireRequested: {before: " asks for "},
	pool.KindAcquireGranted:   {before: " acquired "},
	pool.KindReleased:         {before: " released "},
	pool.KindFlagSet:          {before: " set "},
	pool.KindFlagCleared:      {before: " cleared "},
	pool.KindValueRead:        {before: " read ", after: " = "},
	pool.KindValueWritten:     {before: " wrote ", after: " = "},
	pool.KindBarrierReset:     {before: " reset barrier "},
	pool.KindLogAppended:      {before: " wrote to ", after: ": "},
}

// appendPipe tells a message sent on or received from a pipe, which its
// events carry as a queue's put and get, labelled "send" and "recv".
func appendPipe(dst []byte, ev *pool.Event) []byte {
	dst = appendActor(dst, ev.Actor)
	if ev.Kind == pool.KindQueuePut {
		dst = append(append(append(dst, " sent "...), ev.Value...), " on "...)
	} else {
		dst = append(append(append(dst, " received "...), ev.Value...), " from "...)
	}
	return append(dst, ev.Object...)
}

// appendWaitEnd tells a wait that ended in an error; other waits are told by
// their KindBlocked event.
func appendWaitEnd(dst []byte, ev *pool.Event) []byte {
	if ev.Err == "" || ev.Kind == pool.KindWaitBegan {
		return dst
	}
	dst = appendActor(dst, ev.Actor)
	if ev.Kind == pool.KindUnblocked {
		dst = append(dst, " gave up waiting on "...)
	} else {
		dst = append(dst, " stopped waiting on "...)
	}
	return append(append(append(dst, ev.Object...), ": "...), ev.Err...)
}

// appendActor writes who acted, as pool.Actor.String does: "worker 2".
func appendActor(dst []byte, a pool.Actor) []byte {
	switch a.Kind {
	case pool.ActorWorker:
		return appendInt(append(dst, "worker "...), a.ID)
	case pool.ActorResultHandler:
		return append(dst, "result handler"...)
	}
	return append(dst, "main"...)
}

func appendInt(dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(i), 10) }

// Ordinal writes 1 as "1st", 2 as "2nd", 11 as "11th".
func Ordinal(n int) string { return string(AppendOrdinal(nil, n)) }

// AppendOrdinal appends Ordinal(n) to dst.
func AppendOrdinal(dst []byte, n int) []byte {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return append(appendInt(dst, n), suffix...)
}

// Stamp formats a virtual time for a log line: "  3.250s".
func Stamp(t time.Duration) string { return string(AppendStamp(nil, t)) }

// AppendStamp appends Stamp(t) to dst.
func AppendStamp(dst []byte, t time.Duration) []byte {
	var num [32]byte
	s := strconv.AppendFloat(num[:0], t.Seconds(), 'f', 3, 64)
	for range 7 - len(s) {
		dst = append(dst, ' ')
	}
	return append(append(dst, s...), 's')
}

// appendWhatIf tells a teacher's what-if and what it teaches.
func appendWhatIf(dst []byte, ev *pool.Event) []byte {
	dst = append(dst, "what if "...)
	dst = appendActor(dst, ev.Actor)
	switch ev.Label {
	case "kill":
		dst = append(dst, " is killed? "...)
	case "slow":
		dst = append(dst, " is slowed down? "...)
	case "delay":
		dst = append(dst, " is held back? "...)
	default:
		dst = append(append(append(dst, ' '), ev.Label...), "? "...)
	}
	return append(dst, ev.Value...)
}
