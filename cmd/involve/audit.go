package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
)

func (a *app) auditCmd() *cobra.Command {
	var asJSON bool
	var f store.AuditFilter
	cmd := &cobra.Command{
		Use:   "audit [--json] [--limit N] [--who NAME] [--kind TABLE] [--record ID]",
		Short: "Show the audit trail: who changed what, and when (the latest first)",
		Long: `The audit trail lists every change made to the database, the latest first:
when (London time), who made it and in what role, the store action that made it
("SetAttendance"), the kind of record (the table: attendance, claims, people...),
the record's id, and whether it was added, changed or deleted. It never holds
what was written: no names, amounts or notes. When someone is erased, the
trail keeps what was done but their id becomes an opaque "erased-…" value.

Changes made on this computer are the computer's owner's; those made over SSH
(involve serve) are the signed-in member of the team's. Only a coordinator may
read the trail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			rows, err := s.Audit(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				if rows == nil {
					rows = []store.AuditEntry{}
				}
				return a.printJSON(rows)
			}
			if len(rows) == 0 {
				a.out("The audit trail is empty.\n")
				return nil
			}
			a.out("%-19s  %-16s  %-11s  %-22s  %-18s  %-6s  %s\n", "WHEN", "WHO", "ROLE", "WHAT", "KIND", "ACTION", "RECORD")
			for _, r := range rows {
				a.out("%-19s  %-16s  %-11s  %-22s  %-18s  %-6s  %s\n", r.At.In(store.London).Format(time.DateTime),
					orUnknown(r.Who), orUnknown(string(r.Role)), orUnknown(r.Op), r.Kind, r.Action, r.RecordID)
			}
			return nil
		},
	}
	jsonFlag(cmd, &asJSON)
	cmd.Flags().IntVar(&f.Limit, "limit", store.DefaultAuditLimit, "the most changes to show")
	cmd.Flags().StringVar(&f.Who, "who", "", "only the changes this member of the team made")
	cmd.Flags().StringVar(&f.Kind, "kind", "", "only changes to this kind of record (a table: attendance, claims, people...)")
	cmd.Flags().StringVar(&f.RecordID, "record", "", "only changes to the record with this id")
	return cmd
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
