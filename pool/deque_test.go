package pool

import (
	"slices"
	"testing"
)

// TestDequeRemove takes a job out of deques that span several blocks, at the
// head, in the middle, at either side of a block's edge and at the tail: the others stay
// in order, pushes and pops go on as before, and a job not there is reported.
func TestDequeRemove(t *testing.T) {
	const n = 2*jobBlockSize + 10
	for _, k := range []int{1, 2, jobBlockSize - 1, jobBlockSize, jobBlockSize + 1, n / 2, n - 1} {
		var d jobDeque
		jobs := make([]job, n)
		for i := range jobs {
			jobs[i] = &goJob{id: i}
			d.push(jobs[i])
		}
		d.pop() // the head is not at a block's start
		if !d.remove(jobs[k]) {
			t.Fatalf("remove of job %d: not found", k)
		}
		if d.remove(jobs[0]) {
			t.Fatalf("remove of a popped job: found")
		}
		extra := &goJob{id: n}
		d.push(extra)
		var got []int
		for d.len() > 0 {
			got = append(got, d.pop().(*goJob).id)
		}
		var want []int
		for i := 1; i <= n; i++ {
			if i != k {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("removing job %d: popped %d jobs, want %d in order (first difference near %d)", k, len(got), len(want), firstOff(got, want))
		}
	}
}

func firstOff(a, b []int) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
