package picture

import (
	"fmt"
	"testing"

	"poolviz/pool"
)

// TestQueueStream: a queue main empties the instant an item lands has no
// item on it in any frame, but its Stream keeps every item in arrival order,
// with the task that put it (its submission order) and who took it, when.
func TestQueueStream(t *testing.T) {
	w1, w2 := saWorker(1), saWorker(2)
	evs := saCat(saStarted(2), []pool.Event{
		{Kind: pool.KindObjectCreated, Object: "results", Label: "simple-queue"},
		{Kind: pool.KindTaskStep, Label: "submit"},
		{Kind: pool.KindTaskSubmitted, Task: 1, Count: 2, Chunk: 1, Index: 0, Label: "map_async"},
		{Kind: pool.KindTaskSubmitted, Task: 3, Count: 1, Chunk: 2, Index: 2, Label: "map_async"},
		{Actor: w1, Gen: 1, Kind: pool.KindTaskStarted, Task: 1, Index: 0, Chunk: 1, Value: "0"},
		{Actor: w2, Gen: 1, Kind: pool.KindTaskStarted, Task: 3, Index: 2, Chunk: 2, Value: "2"},
		{Time: 5 * saMS, Actor: w2, Gen: 1, Kind: pool.KindQueuePut, Object: "results", Value: "(2, 0.10)", Count: 1},
		{Time: 5 * saMS, Kind: pool.KindQueueGet, Object: "results", Value: "(2, 0.10)", Count: 0},
		{Time: 6 * saMS, Actor: w1, Gen: 1, Kind: pool.KindTaskFinished, Task: 1, Index: 0, Value: "None"},
		{Time: 6 * saMS, Actor: w1, Gen: 1, Kind: pool.KindTaskStarted, Task: 2, Index: 1, Chunk: 1, Value: "1"},
		{Time: 7 * saMS, Actor: w1, Gen: 1, Kind: pool.KindQueuePut, Object: "results", Value: "(1, 0.20)", Count: 1},
	})
	s := Fold(saSeq(evs...))
	o := s.Objects[0]
	if o.Len != 1 || len(o.Stream) != 2 {
		t.Fatalf("queue: %d items, stream %+v", o.Len, o.Stream)
	}
	first, second := o.Stream[0], o.Stream[1]
	want := QueueItem{Value: "(2, 0.10)", Order: 1, By: "worker 2", PutAt: 5 * saMS, Task: 3, Index: 2, Arg: "2",
		Via: "submit", Taken: true, TakenBy: "main", TakenAt: 5 * saMS}
	if first != want {
		t.Errorf("first item\n got %+v\nwant %+v", first, want)
	}
	want = QueueItem{Value: "(1, 0.20)", Order: 2, By: "worker 1", PutAt: 7 * saMS, Task: 2, Index: 1, Arg: "1", Via: "submit"}
	if second != want {
		t.Errorf("second item\n got %+v\nwant %+v", second, want)
	}
	if r := s.Results[0]; r.Arg != "0" || r.Via != "submit" {
		t.Errorf("result %+v: want the call's argument and the step it was submitted from", r)
	}
	c := s.Clone()
	c.Objects[0].Stream[0].Value = "changed"
	if s.Objects[0].Stream[0].Value == "changed" {
		t.Error("a clone shares its queue's stream")
	}
}

// TestQueueStreamBounded: a queue keeps its last MaxStream items, and a get
// takes the oldest item with its value, or the oldest left when none has it.
func TestQueueStreamBounded(t *testing.T) {
	var evs []pool.Event
	evs = append(evs, pool.Event{Kind: pool.KindObjectCreated, Object: "q", Label: "queue"})
	for i := range MaxStream + 10 {
		evs = append(evs, pool.Event{Kind: pool.KindQueuePut, Object: "q", Value: fmt.Sprint(i), Count: i + 1})
	}
	evs = append(evs,
		pool.Event{Kind: pool.KindQueueGet, Object: "q", Value: "50", Count: MaxStream + 9},
		pool.Event{Kind: pool.KindQueueGet, Object: "q", Value: "shed", Count: MaxStream + 8})
	s := saFold(evs...)
	saCheckBounds(t, &s)
	st := s.Objects[0].Stream
	if len(st) != MaxStream || st[0].Value != "10" || st[0].Order != 11 {
		t.Fatalf("stream of %d, first %+v", len(st), st[0])
	}
	if !st[40].Taken || st[40].Value != "50" || !st[0].Taken || st[1].Taken {
		t.Errorf("gets took %+v and %+v", st[40], st[0])
	}
}

// TestPipeStream: a pipe's sends and receives fold as a queue's puts and gets,
// into its length, contents and stream; closing an end is kept, and what the
// closed end had not received leaves the pipe.
func TestPipeStream(t *testing.T) {
	w1 := saWorker(1)
	evs := saCat(saStarted(1), []pool.Event{
		{Kind: pool.KindObjectCreated, Object: "results", Label: "pipe"},
		{Time: saMS, Actor: w1, Gen: 1, Kind: pool.KindQueuePut, Label: "send", Object: "results", Value: "(0, 0.50)", Count: 1},
		{Time: saMS, Actor: w1, Gen: 1, Kind: pool.KindQueuePut, Label: "send", Object: "results", Value: "(1, 0.70)", Count: 2},
		{Time: 2 * saMS, Kind: pool.KindQueueGet, Label: "recv", Object: "results", Value: "(0, 0.50)", Count: 1},
	})
	s := Fold(saSeq(evs...))
	o := s.Objects[0]
	if o.Kind != "pipe" || o.Len != 1 || o.Puts != 2 || o.Gets != 1 || len(o.Contents) != 1 || o.Contents[0] != "(1, 0.70)" {
		t.Fatalf("pipe %+v: want one message of two sent left in it", o)
	}
	if len(o.Stream) != 2 || !o.Stream[0].Taken || o.Stream[0].TakenBy != "main" || o.Stream[1].Taken {
		t.Errorf("stream %+v: want the first message received by main, the second not yet", o.Stream)
	}
	s.Apply(pool.Event{Seq: 99, Time: 3 * saMS, Kind: pool.KindConnClosed, Label: "receiving end", Object: "results"})
	o = s.Objects[0]
	if len(o.Closed) != 1 || o.Closed[0] != "receiving end" || o.Len != 0 || len(o.Contents) != 0 {
		t.Errorf("after the close: closed %q, %d messages %q; want the receiving end closed and nothing left", o.Closed, o.Len, o.Contents)
	}
	c := s.Clone()
	c.Objects[0].Closed[0] = "changed"
	if s.Objects[0].Closed[0] == "changed" {
		t.Error("a clone shares its pipe's closed ends")
	}
}
