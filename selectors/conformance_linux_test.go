//go:build linux

package selectors_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pysocket/socket"
	"github.com/pysocket/socket/selectors"
)

// outcome prints a result or an error as the Python side does.
func outcome(v any, err error) string {
	if err == nil {
		return fmt.Sprint(v)
	}
	var ke *selectors.KeyError
	var ve *socket.ValueError
	var re *selectors.RuntimeError
	switch {
	case errors.As(err, &ke):
		return "KeyError " + ke.Error()
	case errors.As(err, &ve):
		return "ValueError " + ve.Msg
	case errors.As(err, &re):
		return "RuntimeError " + re.Msg
	}
	return "other " + err.Error()
}

// TestConformanceWithCPython runs each case in CPython's selectors module
// and here and compares the exception classes and messages. The select
// selector makes no system call to register, so descriptor numbers are
// the same in both processes.
func TestConformanceWithCPython(t *testing.T) {
	sel := func() selectors.Selector {
		s, _ := selectors.NewSelectSelector()
		return s
	}
	cases := []struct {
		name string
		py   string
		gov  func() (any, error)
	}{
		{"events 0", "S().register(0, 0)", func() (any, error) { return sel().Register(selectors.Fd(0), 0, nil) }},
		{"events 4", "S().register(0, 4)", func() (any, error) { return sel().Register(selectors.Fd(0), 4, nil) }},
		{"events 999999", "S().register(0, 999999)", func() (any, error) { return sel().Register(selectors.Fd(0), 999999, nil) }},
		{"negative fd", "S().register(-10, 1)", func() (any, error) { return sel().Register(selectors.Fd(-10), 1, nil) }},
		{"register twice", "(lambda s: (s.register(7, 1), s.register(7, 2)))(S())", func() (any, error) {
			s := sel()
			s.Register(selectors.Fd(7), 1, nil)
			return s.Register(selectors.Fd(7), 2, nil)
		}},
		{"unregister unknown", "S().unregister(999999)", func() (any, error) { return sel().Unregister(selectors.Fd(999999)) }},
		{"modify unknown", "S().modify(999999, 1)", func() (any, error) { return sel().Modify(selectors.Fd(999999), 1, nil) }},
		{"get_key unknown", "S().get_key(999999)", func() (any, error) { return sel().GetKey(selectors.Fd(999999)) }},
		{"get_key negative", "S().get_key(-1)", func() (any, error) { return sel().GetKey(selectors.Fd(-1)) }},
		{"get_key closed", "(lambda s: (s.close(), s.get_key(0)))(S())", func() (any, error) {
			s := sel()
			s.Close()
			return s.GetKey(selectors.Fd(0))
		}},
		{"get_map closed", "(lambda s: (s.close(), s.get_map())[1])(S())", func() (any, error) {
			s := sel()
			s.Close()
			if s.GetMap() == nil {
				return "None", nil
			}
			return "map", nil
		}},
		{"select modify bad events", "(lambda s: (s.register(7, 1), s.modify(7, 4)))(S())", func() (any, error) {
			s := sel()
			s.Register(selectors.Fd(7), 1, nil)
			return s.Modify(selectors.Fd(7), 4, nil)
		}},
		{"select modify bad events unregisters", "(lambda s: (s.register(7, 1), run(lambda: s.modify(7, 4)), s.get_key(7)))(S())", func() (any, error) {
			s := sel()
			s.Register(selectors.Fd(7), 1, nil)
			s.Modify(selectors.Fd(7), 4, nil)
			return s.GetKey(selectors.Fd(7))
		}},
		{"poll modify events 0 is taken", "(lambda s: (s.register(7, 1), s.modify(7, 0).events)[1])(selectors.PollSelector())", func() (any, error) {
			s, _ := selectors.NewPollSelector()
			s.Register(selectors.Fd(7), 1, nil)
			k, err := s.Modify(selectors.Fd(7), 0, nil)
			if err != nil {
				return nil, err
			}
			return int(k.Events), nil
		}},
		{"constants", "[selectors.EVENT_READ, selectors.EVENT_WRITE]", func() (any, error) {
			return fmt.Sprintf("[%d, %d]", selectors.EVENT_READ, selectors.EVENT_WRITE), nil
		}},
	}
	var prog strings.Builder
	prog.WriteString(`import selectors
S = selectors.SelectSelector
def run(f):
    try:
        print(f())
    except KeyError as e:
        print("KeyError", e)
    except (ValueError, TypeError, OverflowError) as e:
        print("ValueError", e)
    except RuntimeError as e:
        print("RuntimeError", e)
`)
	for _, c := range cases {
		fmt.Fprintf(&prog, "run(lambda: %s)\n", c.py)
	}
	lines := strings.Split(strings.TrimSuffix(python(t, prog.String()), "\n"), "\n")
	// "select modify bad events unregisters" prints the inner run's line first.
	want := make([]string, 0, len(cases))
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(cases[len(want)].name, "select modify bad events unregisters") {
			i++
		}
		want = append(want, lines[i])
	}
	if len(want) != len(cases) {
		t.Fatalf("python printed %d results for %d cases:\n%s", len(want), len(cases), strings.Join(lines, "\n"))
	}
	for i, c := range cases {
		v, err := c.gov()
		if got := outcome(v, err); got != want[i] {
			t.Errorf("%s: Go %q, CPython %q", c.name, got, want[i])
		} else {
			t.Logf("%s: %s", c.name, got)
		}
	}
}
