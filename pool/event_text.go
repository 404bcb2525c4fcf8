package pool

import "fmt"

// Event kinds and actor kinds are written to saved runs by their stable names
// ("task-started", "worker"), never by number, so that a run saved today still
// reads after kinds are appended. These methods make encoding/json (and any other
// text encoder) use the names.

// MarshalText returns the kind's stable name; a kind without a name is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return []byte(kindNames[k]), nil
	}
	return nil, fmt.Errorf("unknown event kind %d", uint8(k))
}

// UnmarshalText sets the kind from its stable name.
func (k *Kind) UnmarshalText(text []byte) error {
	v, ok := ParseKind(string(text))
	if !ok {
		return fmt.Errorf("unknown event kind %q", text)
	}
	*k = v
	return nil
}

var actorKindNames = [...]string{
	ActorMain:          "main",
	ActorWorker:        "worker",
	ActorResultHandler: "result-handler",
}

// MarshalText returns the actor kind's stable name: "main", "worker" or "result-handler".
func (k ActorKind) MarshalText() ([]byte, error) {
	if int(k) < len(actorKindNames) {
		return []byte(actorKindNames[k]), nil
	}
	return nil, fmt.Errorf("unknown actor kind %d", uint8(k))
}

// UnmarshalText sets the actor kind from its stable name.
func (k *ActorKind) UnmarshalText(text []byte) error {
	for i, n := range actorKindNames {
		if n == string(text) {
			*k = ActorKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown actor kind %q", text)
}
