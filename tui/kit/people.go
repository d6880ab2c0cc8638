package kit

import "github.com/involve/involve/store"

// PersonColumns are the columns of every list of people: the name they
// are known by and their role, then any extra columns. Lists never show
// the full name, contact details or notes.
func PersonColumns(extra ...Column) []Column {
	return append([]Column{{Title: "Name"}, {Title: "Role", Width: 22, Min: 8}}, extra...)
}

// MemberRows turns people into list rows; status, when given, adds the
// register status column. The full name is searched but not shown.
func MemberRows(people []store.Member, status func(i int) string) []Row {
	rows := make([]Row, len(people))
	for i, p := range people {
		shown := p.DisplayName()
		cells := []string{shown, p.Role.Label()}
		masked := []string{store.Initials(shown), p.Role.Label()}
		if status != nil {
			cells = append(cells, status(i))
			masked = append(masked, status(i))
		}
		rows[i] = NewRow(p.ID, cells, masked)
		if shown != p.Name {
			rows[i].AlsoFind(p.Name)
		}
	}
	return rows
}
