package safetext

import "poolviz/pool"

// Event returns ev with every string it carries made safe as Line makes it:
// the object, other, label, value and error, and each variable's name and
// value. It copies Vars only when one of them changes, so a safe event costs
// one pass over its strings and no allocation.
func Event(ev pool.Event) pool.Event {
	for _, s := range [...]*string{&ev.Object, &ev.Other, &ev.Label, &ev.Value, &ev.Err} {
		*s = Line(*s)
	}
	for i, v := range ev.Vars {
		if Safe(v.Name) && Safe(v.Value) {
			continue
		}
		vs := make([]pool.Var, len(ev.Vars))
		copy(vs, ev.Vars)
		for j := i; j < len(vs); j++ {
			vs[j] = pool.Var{Name: Line(vs[j].Name), Value: Line(vs[j].Value)}
		}
		ev.Vars = vs
		break
	}
	return ev
}

// Events makes every event of evs safe in place, as Event does.
func Events(evs []pool.Event) {
	for i := range evs {
		evs[i] = Event(evs[i])
	}
}
