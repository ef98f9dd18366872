// Command ferretdb runs an embedded FerretDB (SQLite backend) for local development and tests.
// It exists because `go install` of FerretDB's own command fails without its generated version file.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqliteDir := flag.String("sqlite-dir", "data", "directory holding the SQLite database files")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	handler := flag.String("handler", "sqlite", "storage backend: sqlite or postgresql")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL URL of the postgresql backend (its database must exist)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		slog.Error("invalid -log-level", "value", *logLevel)
		os.Exit(2)
	}
	// FerretDB's own logger honours -log-level; start/stop lines of this launcher are always printed.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	lifecycle := slog.New(slog.NewTextHandler(os.Stderr, nil))

	dir, err := filepath.Abs(*sqliteDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		logger.Error("cannot prepare sqlite dir", "dir", *sqliteDir, "error", err)
		os.Exit(1)
	}

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	switch *handler {
	case "sqlite":
		config.SQLiteURL = "file:" + dir + "/"
	case "postgresql":
		if *postgresqlURL == "" {
			logger.Error("-postgresql-url is required with -handler postgresql")
			os.Exit(2)
		}
		config.PostgreSQLURL = *postgresqlURL
	default:
		logger.Error("unknown -handler", "value", *handler)
		os.Exit(2)
	}
	db, err := ferretdb.New(config)
	if err != nil {
		logger.Error("cannot create FerretDB", "error", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	lifecycle.Info("starting FerretDB", "listen", *listen, "sqlite_dir", dir)
	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		logger.Error("FerretDB stopped with an error", "error", err)
		os.Exit(1)
	}
	lifecycle.Info("FerretDB stopped")
}
