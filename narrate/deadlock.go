package narrate

import (
	"strconv"
	"strings"

	"poolviz/pool"
)

// appendDeadlock tells the engine's deadlock sentence with its tasks named as
// the listing calls them: the engine knows tasks only by the pool's numbers
// ("the result of task 1", "task 3 is still queued"), a learner reads
// parent_task(0) and subtask.
func (n *Narrator) appendDeadlock(dst []byte, ev *pool.Event) []byte {
	return n.AppendNamed(append(dst, "DEADLOCK: "...), ev.Value)
}

// Named returns sentence with each "task N" that names a pool task written
// as the listing calls it: "parent_task(0)" for a task whose start was seen,
// "subtask (pool task 3)" for one only submitted, "pool task 7" where even the
// function is not known. The viewer and the headless account say a deadlock
// the same way.
func (n *Narrator) Named(sentence string) string {
	return string(n.AppendNamed(nil, sentence))
}

// AppendNamed appends Named(sentence) to dst.
func (n *Narrator) AppendNamed(dst []byte, sentence string) []byte {
	for i := 0; i < len(sentence); {
		if ids, list, end, ok := tasksAt(sentence, i); ok {
			dst = n.appendTasks(dst, ids, list)
			i = end
			continue
		}
		id, end, ok := taskAt(sentence, i)
		if !ok {
			dst = append(dst, sentence[i])
			i++
			continue
		}
		i = end
		dst = n.appendOne(dst, id)
	}
	return dst
}

// appendOne names one pool task: by its call where its start was seen, by its
// function and number where only its submission was, by number alone else.
func (n *Narrator) appendOne(dst []byte, id int) []byte {
	const word = "pool task "
	if _, started := n.calls[id]; started {
		return n.appendCall(dst, id)
	}
	if fn := n.fnOf(id); fn != "task" {
		dst = append(append(dst, fn...), " ("...)
		return append(strconv.AppendInt(append(dst, word...), int64(id), 10), ')')
	}
	return strconv.AppendInt(append(dst, word...), int64(id), 10)
}

// appendTasks names several pool tasks: "subtask calls (pool tasks 4, 5 and
// 6)" where they call one function, each on its own where they differ
// ("parent_task (pool task 4) and subtask (pool task 5)"). A list cut short
// ("4, 5, 6, ...") names no function: the tasks left out may call another.
// list is the sentence's own list of their numbers.
func (n *Narrator) appendTasks(dst []byte, ids []int, list string) []byte {
	fn := n.fnOf(ids[0])
	same := true
	for _, id := range ids[1:] {
		same = same && n.fnOf(id) == fn
	}
	switch {
	case strings.HasSuffix(list, "..."):
		return append(append(append(dst, "pool tasks ("...), list...), ')')
	case same && fn == "task":
		return append(append(dst, "pool tasks "...), list...)
	case same:
		return append(append(append(append(dst, fn...), " calls (pool tasks "...), list...), ')')
	}
	for k, id := range ids {
		switch {
		case k == len(ids)-1:
			dst = append(dst, " and "...)
		case k > 0:
			dst = append(dst, ", "...)
		}
		dst = n.appendOne(dst, id)
	}
	return dst
}

// tasksAt reports whether s holds, at i, several tasks as the engine lists
// them: "tasks 4 and 5", "tasks 4, 5 and 6", or "tasks (4, 5, 6, ...)" after a
// count. It returns their numbers, the list as written (without parentheses)
// and the index after it.
func tasksAt(s string, i int) (ids []int, list string, end int, ok bool) {
	const word = "tasks "
	if len(s)-i <= len(word) || s[i:i+len(word)] != word || (i > 0 && isWordByte(s[i-1])) {
		return nil, "", 0, false
	}
	if i >= len("pool ") && s[i-len("pool "):i] == "pool " {
		return nil, "", 0, false
	}
	start, paren := i+len(word), false
	if s[start] == '(' {
		start, paren = start+1, true
	}
	j := start
	for {
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j {
			return nil, "", 0, false
		}
		id, err := strconv.Atoi(s[j:k])
		if err != nil {
			return nil, "", 0, false
		}
		ids, j = append(ids, id), k
		switch {
		case strings.HasPrefix(s[j:], ", ..."):
			j += len(", ...")
		case strings.HasPrefix(s[j:], ", "):
			j += len(", ")
			continue
		case strings.HasPrefix(s[j:], " and "):
			j += len(" and ")
			continue
		}
		break
	}
	if paren {
		if j >= len(s) || s[j] != ')' {
			return nil, "", 0, false
		}
		return ids, s[start:j], j + 1, len(ids) > 0
	}
	if j < len(s) && isWordByte(s[j]) || len(ids) < 2 {
		return nil, "", 0, false
	}
	return ids, s[start:j], j, true
}

// taskAt reports whether s holds "task N" at i as a word of its own (not
// "subtask 3", not "task 3rd", not "pool task 3" already named) and returns N
// and the index after it.
func taskAt(s string, i int) (id, end int, ok bool) {
	const word = "task "
	if len(s)-i <= len(word) || s[i:i+len(word)] != word {
		return 0, 0, false
	}
	if i > 0 && isWordByte(s[i-1]) {
		return 0, 0, false
	}
	if i >= len("pool ") && s[i-len("pool "):i] == "pool " {
		return 0, 0, false
	}
	end = i + len(word)
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == i+len(word) || (end < len(s) && isWordByte(s[end])) {
		return 0, 0, false
	}
	id, err := strconv.Atoi(s[i+len(word) : end])
	return id, end, err == nil
}

// isWordByte reports whether b continues a word.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
