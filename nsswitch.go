package socket

import (
	"bufio"
	"bytes"
	"os"
	"strings"
)

// nsswitchPath is the name service switch configuration that orders the
// host lookups, as glibc reads it.
var nsswitchPath = "/etc/nsswitch.conf"

// nssStatus is the outcome of one source of a lookup, as glibc's
// NSS_STATUS_*.
type nssStatus int

const (
	nssSuccess nssStatus = iota
	nssNotFound
	nssUnavail
	nssTryAgain
	nssStatusCount
)

// nssSource is one source of the hosts: line with its actions: ret[status]
// says whether the walk stops after that outcome.
type nssSource struct {
	name string
	ret  [nssStatusCount]bool
}

// defaultHostsSources is glibc's hosts: line when nsswitch.conf is missing
// or has none.
const defaultHostsSources = "dns [!UNAVAIL=return] files"

// hostsSources returns the sources of the hosts: line of nsswitch.conf, in
// their order, read on every lookup (glibc rereads a changed file too).
// Sources other than "files" and "dns" are kept; the lookup walks past
// them as unavailable.
func hostsSources() []nssSource {
	line, ok := "", false
	if data, err := os.ReadFile(nsswitchPath); err == nil {
		line, ok = nssLine(data, "hosts")
	}
	if !ok || strings.TrimSpace(line) == "" {
		line = defaultHostsSources
	}
	return parseNssSources(line)
}

// nssLine returns the text after "db:" on the database's line.
func nssLine(data []byte, db string) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		name, rest, ok := strings.Cut(l, ":")
		if ok && strings.TrimSpace(name) == db {
			return rest, true
		}
	}
	return "", false
}

// parseNssSources parses a service specification as glibc does: source
// names, each followed by optional criteria in brackets, [STATUS=ACTION
// ...] or [!STATUS=ACTION ...], with the statuses SUCCESS, NOTFOUND,
// UNAVAIL and TRYAGAIN and the actions return, continue and merge (taken
// as continue). Without criteria, SUCCESS returns and the rest continue.
// A malformed criterion ends the line, as in glibc.
func parseNssSources(line string) []nssSource {
	var out []nssSource
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			return out
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 || len(out) == 0 {
				return out
			}
			if !applyNssCriteria(&out[len(out)-1], line[1:end]) {
				return out
			}
			line = line[end+1:]
			continue
		}
		end := strings.IndexAny(line, " \t[")
		if end < 0 {
			end = len(line)
		}
		s := nssSource{name: line[:end]}
		s.ret[nssSuccess] = true
		out = append(out, s)
		line = line[end:]
	}
}

func applyNssCriteria(s *nssSource, crit string) bool {
	for _, f := range strings.Fields(crit) {
		not := strings.HasPrefix(f, "!")
		f = strings.TrimPrefix(f, "!")
		status, action, ok := strings.Cut(f, "=")
		if !ok {
			return false
		}
		var st nssStatus
		switch strings.ToUpper(status) {
		case "SUCCESS":
			st = nssSuccess
		case "NOTFOUND":
			st = nssNotFound
		case "UNAVAIL":
			st = nssUnavail
		case "TRYAGAIN":
			st = nssTryAgain
		default:
			return false
		}
		var ret bool
		switch strings.ToLower(action) {
		case "return":
			ret = true
		case "continue", "merge":
		default:
			return false
		}
		for i := range s.ret {
			if (nssStatus(i) == st) != not {
				s.ret[i] = ret
			}
		}
	}
	return true
}
