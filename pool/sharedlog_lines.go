package pool

import (
	"math"
	"time"
)

// logLines keeps a Log's lines compactly: in blocks of up to linesPerBlock
// lines, each block with its lines' texts one after the other in one byte
// slice, and for each line its time, its writer (an index into the distinct
// writers) and where its text ends. That is 16 bytes a line besides its text,
// and one allocation per block, where a LogLine with its three strings took
// some 100 bytes and two allocations. It is guarded by the engine lock.
type logLines struct {
	blocks  []*lineBlock
	writers []string         // each distinct writer's name, as LogLine.Writer has it
	index   map[Actor]uint32 // a writer's place in writers
	n       int              // lines kept
	// maxText bounds a block's text, so that its ends fit in a uint32;
	// math.MaxUint32 when zero. Tests lower it.
	maxText int
}

// lineBlock is a block of lines. A line longer than the bound on a block's
// text has a block of its own, its text in long.
type lineBlock struct {
	text []byte
	recs []lineRec
	long string
}

// lineRec is a line of a block: its text is the block's text from the end of
// the line before to end.
type lineRec struct {
	t      time.Duration
	writer uint32
	end    uint32
}

const linesPerBlock = 1024

// add appends a line.
func (ls *logLines) add(t time.Duration, who Actor, line string) {
	w, ok := ls.index[who]
	if !ok {
		if ls.index == nil {
			ls.index = map[Actor]uint32{}
		}
		w = uint32(len(ls.writers))
		ls.index[who] = w
		ls.writers = append(ls.writers, who.String())
	}
	maxText := ls.maxText
	if maxText == 0 {
		maxText = math.MaxUint32
	}
	ls.n++
	if len(line) > maxText {
		ls.seal()
		ls.blocks = append(ls.blocks, &lineBlock{long: line, recs: []lineRec{{t: t, writer: w}}})
		return
	}
	var b *lineBlock
	if k := len(ls.blocks); k > 0 {
		b = ls.blocks[k-1]
	}
	if b == nil || b.long != "" || len(b.recs) == linesPerBlock || len(b.text)+len(line) > maxText {
		ls.seal()
		size := 0
		if b != nil && b.long == "" {
			size = len(b.text) + len(b.text)/8 // lines like the last block's
		}
		b = &lineBlock{text: make([]byte, 0, min(size, maxText)), recs: make([]lineRec, 0, linesPerBlock)}
		ls.blocks = append(ls.blocks, b)
	}
	b.text = append(b.text, line...)
	b.recs = append(b.recs, lineRec{t: t, writer: w, end: uint32(len(b.text))})
}

// seal trims the last block's text to its length when it has much room left:
// no more lines go into it.
func (ls *logLines) seal() {
	if k := len(ls.blocks); k > 0 {
		if b := ls.blocks[k-1]; cap(b.text)-len(b.text) > len(b.text)/8 {
			b.text = append([]byte(nil), b.text...)
		}
	}
}

// appendRange appends lines from (inclusive) to to (exclusive) to dst, named
// as lines of the log called name.
func (ls *logLines) appendRange(dst []LogLine, from, to int, name string) []LogLine {
	k, i := from/linesPerBlock, from%linesPerBlock
	if !ls.full() {
		k, i = ls.locate(from)
	}
	for n := from; n < to; n++ {
		b := ls.blocks[k]
		r := b.recs[i]
		text := b.long
		if text == "" {
			start := uint32(0)
			if i > 0 {
				start = b.recs[i-1].end
			}
			text = string(b.text[start:r.end])
		}
		dst = append(dst, LogLine{Time: r.t, Writer: ls.writers[r.writer], Line: text, Log: name})
		if i++; i == len(b.recs) {
			k, i = k+1, 0
		}
	}
	return dst
}

// full reports whether every block but the last holds linesPerBlock lines, so
// that line n is in block n/linesPerBlock: none was sealed early by a long
// line or by the bound on its text.
func (ls *logLines) full() bool {
	k := len(ls.blocks)
	return k == 0 || (k-1)*linesPerBlock+len(ls.blocks[k-1].recs) == ls.n
}

// locate returns the block and the place in it of line n, walking the blocks.
func (ls *logLines) locate(n int) (int, int) {
	for k, b := range ls.blocks {
		if n < len(b.recs) {
			return k, n
		}
		n -= len(b.recs)
	}
	return len(ls.blocks), 0
}
