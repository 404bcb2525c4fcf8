package pool

import "fmt"

// Globals is one worker's own global state: what its initializer stored and what
// its tasks change. Every task that worker runs sees it; no other worker does, as
// each Python worker process has its own module globals. A replacement worker
// starts with an empty store. Only the worker's goroutine touches its store.
type Globals struct {
	e     *Engine
	owner Actor
	gen   int
	names []string
	vals  map[string]any
	via   *actor
}

func newGlobals(e *Engine, a *actor, gen int) *Globals {
	return &Globals{e: e, owner: a.ref, gen: gen, via: a, vals: map[string]any{}}
}

// Set stores value under name, as `global name; name = value` does in Python.
func (g *Globals) Set(name string, value any) {
	if _, ok := g.vals[name]; !ok {
		g.names = append(g.names, name)
	}
	g.vals[name] = value
	if g.e.observing(g.via) {
		g.e.emit(g.via, Event{Actor: g.owner, Kind: KindGlobalSet, Gen: g.gen, Object: name, Value: render(value)})
	}
}

// Get returns the value stored under name.
func (g *Globals) Get(name string) (any, bool) {
	v, ok := g.vals[name]
	return v, ok
}

// Snapshot returns every global with its rendered value, in the order they were first set.
func (g *Globals) Snapshot() []Var {
	vs := make([]Var, len(g.names))
	for i, n := range g.names {
		vs[i] = Var{Name: n, Value: render(g.vals[n])}
	}
	return vs
}

// Global returns the running worker's global name as a T. It reports false when
// the global is missing or holds another type.
func Global[T any](p *Proc, name string) (T, bool) {
	v, ok := p.Globals().Get(name)
	if !ok {
		var zero T
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// render turns a value into the short text the viewer shows.
func render(v any) string {
	switch x := v.(type) {
	case nil, struct{}:
		return "None"
	case string:
		return fmt.Sprintf("%q", x)
	case float64:
		return fmt.Sprintf("%.2f", x)
	case float32:
		return fmt.Sprintf("%.2f", x)
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// mainGlobals returns the main program's global store.
func (e *Engine) mainGlobals(p *Proc) *Globals {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.mainG == nil {
		e.mainG = newGlobals(e, p.a, 0)
	}
	return e.mainG
}
