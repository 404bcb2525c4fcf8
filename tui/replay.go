package tui

import (
	"poolviz/scenarios"
	"poolviz/session"
)

// start returns the scenario, the parameters and the session the viewer opens
// with: the prepared Session when there is one (a replay), else a new run of
// Scenario with Params, whose zero fields take the scenario's defaults.
func (o Options) start() (scenarios.Scenario, scenarios.Params, *session.Session, error) {
	if s := o.Session; s != nil {
		sc := s.Scenario()
		return sc, withDefaults(s.Params(), sc.Defaults), s, nil
	}
	name := o.Scenario
	if name == "" {
		name = scenarios.Default
	}
	sc, err := scenarios.Get(name)
	if err != nil {
		return sc, scenarios.Params{}, nil, err
	}
	prm := withDefaults(o.Params, sc.Defaults)
	sess, err := session.New(sc, prm)
	return sc, prm, sess, err
}
