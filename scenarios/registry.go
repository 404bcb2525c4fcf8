package scenarios

import (
	"fmt"
	"strings"
)

// Default is the scenario the app opens with.
const Default = "shared-queue"

// All returns every preset, in the order a course would take them.
func All() []Scenario {
	return []Scenario{
		sharedQueue(),
		workerGlobals(),
		sharedLog(),
		lockScenario(),
		lockRace(),
		sharedPipe(),
		eventScenario(),
		semaphoreScenario(),
		barrierScenario(),
		deadlockLockOrder(),
		deadlockStarvation(),
		deadlockQueue(),
		maxTasksPerChild(),
		brokenInitializer(),
		imapOrder(),
	}
}

// Get returns the preset with the given name, or an error listing the names there are.
func Get(name string) (Scenario, error) {
	all := All()
	for _, s := range all {
		if s.Name == name {
			return s, nil
		}
	}
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name
	}
	return Scenario{}, fmt.Errorf("unknown scenario %q: choose one of %s", name, strings.Join(names, ", "))
}
