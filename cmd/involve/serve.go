package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/involve/involve/serve"
)

// defaultHostKey is the server's host key, beside the default database:
// $XDG_DATA_HOME/involve/ssh_host_ed25519_key.
func defaultHostKey() string {
	return filepath.Join(xdg.DataHome, "involve", "ssh_host_ed25519_key")
}

func (a *app) serveCmd() *cobra.Command {
	var listen, hostKey string
	var idle time.Duration
	var fingerprint bool
	cmd := &cobra.Command{
		Use:   "serve [--listen 127.0.0.1:2222] [--db PATH] [--host-key FILE] [--idle 30m] [--fingerprint]",
		Short: "Serve the database over SSH to the team, each in their role",
		Long: `Serve lets the members of the team (involve users) use this database at the same
time, over SSH, each signing in with their own key and using the interface in
their role: coordinator, finance, door or reader. A change one of them makes
shows in the others' open lists within a second.

It listens on this computer only (127.0.0.1:2222) unless --listen says
otherwise: see "Serving the team over SSH" in the README before opening it to
the office network, and never open it to the internet.

The host key is made the first time, private to you, in --host-key. Its
fingerprint is printed at the start (and by --fingerprint): the team check it
is what ssh shows the first time they connect.

Members of the team connect with ssh -p 2222 HOST (their own key; the user
name does not matter). A session nobody types in ends after --idle. Stop the
server with ctrl+c.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if hostKey == "" {
				hostKey = defaultHostKey()
			}
			if fingerprint {
				_, fp, made, err := serve.HostKey(hostKey)
				if err != nil {
					return err
				}
				if made {
					a.out("Made the host key %s.\n", hostKey)
				}
				a.out("%s\n", fp)
				return nil
			}
			if _, _, err := net.SplitHostPort(listen); err != nil {
				return fmt.Errorf("--listen %s: give an address and port, like 127.0.0.1:2222", listen)
			}
			// The settings file's support message is the partnership's; its
			// keys, theme and accessible mode are this computer's user's, not
			// the team's, whose sessions take the standard ones.
			conf := a.config()
			a.warnConfig(conf.err)
			s, _, err := a.open(false)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			demo, err := s.Setting(ctx, "demo")
			if err != nil {
				return err
			}
			users, err := s.Users(ctx)
			if err != nil {
				return err
			}
			logger := log.NewWithOptions(a.stderr, log.Options{ReportTimestamp: true, TimeFormat: time.DateTime, Prefix: "involve serve"})
			srv, err := serve.New(serve.Config{Listen: listen, Store: s, HostKey: hostKey, Demo: demo == "yes", IdleTimeout: idle, Log: logger,
				SupportMessage: conf.cfg.SupportMessage})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", listen, err)
			}
			where := "this computer only"
			if !loopback(l.Addr()) {
				where = "the network: keep it behind the office firewall or VPN"
			}
			a.out("involve serve: listening on %s (%s).\n", l.Addr(), where)
			a.out("Host key fingerprint: %s\n", srv.Fingerprint())
			a.out("(the team check it is what ssh shows the first time they connect)\n")
			switch len(users) {
			case 0:
				a.out("Nobody can sign in yet: add the team with involve users add NAME --role ROLE --key FILE.\n")
			case 1:
				a.out("1 member of the team may sign in (involve users list).\n")
			default:
				a.out("%d members of the team may sign in (involve users list).\n", len(users))
			}
			a.out("Press ctrl+c to stop.\n")
			done := make(chan error, 1)
			go func() { done <- srv.Serve(l) }()
			select {
			case err := <-done:
				return err
			case <-ctx.Done():
			}
			logger.Info("stopping: sessions have 10 seconds to end")
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", serve.DefaultListen, "the address and port to listen on")
	cmd.Flags().StringVar(&hostKey, "host-key", "", "the server's host key (made if missing; default "+defaultHostKey()+")")
	cmd.Flags().DurationVar(&idle, "idle", serve.DefaultIdleTimeout, "end a session nobody has typed in for this long")
	cmd.Flags().BoolVar(&fingerprint, "fingerprint", false, "print the host key's fingerprint and stop")
	return cmd
}

// loopback reports whether addr is on this computer only.
func loopback(addr net.Addr) bool {
	t, ok := addr.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}
