package narrate

import (
	"testing"

	"poolviz/pool"
)

// TestDeadlockNamesTasks checks that a deadlock sentence names its tasks as the
// listing calls them: by the call for a task that started, by the function and
// the pool's number for one only submitted, by number where the function is
// not known, and that a list cut short names no function.
func TestDeadlockNamesTasks(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	fns := map[string]string{"parents": "parent_task", "child": "subtask"}
	n := Narrator{Func: func(step string, _ int) string { return fns[step] }}
	for _, ev := range []pool.Event{
		{Actor: pool.MainActor, Kind: pool.KindTaskStep, Label: "parents"},
		{Actor: pool.MainActor, Kind: pool.KindTaskSubmitted, Task: 1, Count: 1, Label: "apply_async"},
		{Actor: pool.MainActor, Kind: pool.KindTaskSubmitted, Task: 2, Count: 1, Label: "apply_async"},
		{Actor: pool.MainActor, Kind: pool.KindTaskSubmitted, Task: 3, Count: 1, Label: "apply_async"},
		{Actor: pool.MainActor, Kind: pool.KindTaskStep, Label: "child"},
		{Actor: pool.MainActor, Kind: pool.KindTaskSubmitted, Task: 4, Count: 1, Label: "apply_async"},
		{Actor: w1, Kind: pool.KindTaskStarted, Task: 1, Value: "0"},
	} {
		n.Line(ev)
	}
	for _, c := range []struct{ in, want string }{
		{"main waits for the result of task 1, which worker 1 is running",
			"main waits for the result of parent_task(0), which worker 1 is running"},
		{"task 4 is still queued", "subtask (pool task 4) is still queued"},
		{"tasks 2 and 3 are still queued", "parent_task calls (pool tasks 2 and 3) are still queued"},
		{"tasks 2, 3 and 4 are still queued", "parent_task (pool task 2), parent_task (pool task 3) and subtask (pool task 4) are still queued"},
		{"12 tasks (2, 3, 4, ...) are still queued", "12 pool tasks (2, 3, 4, ...) are still queued"},
		{"task 9 is still queued", "pool task 9 is still queued"},
		{"subtask 4 and task 4th and pool task 4 stay", "subtask 4 and task 4th and pool task 4 stay"},
		{"a task is queued; tasks are many", "a task is queued; tasks are many"},
		{"ends with task 1", "ends with parent_task(0)"},
	} {
		if got := n.Named(c.in); got != c.want {
			t.Errorf("Named(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	if got := n.Line(pool.Event{Kind: pool.KindDeadlock, Value: "main waits for task 1."}); got != "DEADLOCK: main waits for parent_task(0)." {
		t.Errorf("the deadlock event tells %q", got)
	}
}

// FuzzNamed checks that naming never panics and leaves a sentence without a
// task number as it was.
func FuzzNamed(f *testing.F) {
	for _, s := range []string{"task 1", "tasks 1 and 2", "tasks (1, 2, ...)", "tasks (1, 2", "task ", "tasks 1, ", "task 99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Narrator{}
		got := n.Named(s)
		if !containsDigitAfterTask(s) && got != s {
			t.Errorf("Named(%q) = %q, changed a sentence without a task number", s, got)
		}
	})
}

// containsDigitAfterTask reports whether s has "task" followed by a space and a
// digit somewhere, the only place naming may change.
func containsDigitAfterTask(s string) bool {
	for i := 0; i+5 < len(s); i++ {
		if s[i:i+5] == "task " && s[i+5] >= '0' && s[i+5] <= '9' || i+7 < len(s) && s[i:i+6] == "tasks " && (s[i+6] >= '0' && s[i+6] <= '9' || s[i+6] == '(') {
			return true
		}
	}
	return false
}
