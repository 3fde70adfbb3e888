/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_station.c — --submit, --station, --status and the job commands: what
 * src/station does, in words, NDJSON and exit codes. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"

#ifdef HAVE_STATIONS
#include "drive/device.h"
#include "station/conninfo.h"
#include "station/station.h"

static int fail(struct cli *c, const struct db_error *err, enum msg_context ctx)
{
	int code = msg_exit_code(err, ctx);
	cli_error(c, err, code);
	return code;
}

/* A password typed on the command line is visible to `ps` until it is
 * overwritten: do that at once, and say how to keep it off the line. */
static void hide_password(struct cli *c, char *arg, const char *conninfo)
{
	if (arg[0] == '@' || !strcmp(arg, "-") || !conninfo_has_password(conninfo))
		return;
	char shown[256];
	conninfo_redact(conninfo, shown, sizeof(shown));
	size_t n = strlen(arg);
	memset(arg, 0, n);
	snprintf(arg, n + 1, "%s", shown);
	if (!c->json)
		fprintf(stderr, "discburn: warning: the database's password was given on the "
			"command line, where other users may have seen it; put it in ~/.pgpass "
			"(or PGPASSFILE), or the whole connection string in a file given as "
			"@FILE\n");
}

static int resolve(struct cli *c, char **conninfo, struct db_error *err)
{
	int rc = conninfo_resolve(c->o->st.db, conninfo, err);
	if (rc == 0)
		hide_password(c, (char *)c->o->st.db, *conninfo);
	return rc;
}

/* ---- --submit ---------------------------------------------------------------- */

static int do_submit(struct cli *c, const char *conninfo)
{
	const struct options *o = c->o;
	struct db_error err;
	char expect[65];
	if (cli_expected_digest(c, expect, &err) < 0)
		return fail(c, &err, MSG_INFO);
	struct station_submit s = {
		.image = o->image, .sha256 = expect[0] ? expect : NULL,
		.copies = o->copies ? o->copies : 1, .verify = o->verify, .label = o->st.label,
		.priority = o->st.priority,
	};
	int64_t job;
	char sha[65];
	uint64_t size;
	if (station_submit(conninfo, &s, &job, sha, &size, &err) < 0)
		return fail(c, &err, MSG_INFO);
	if (c->json) {
		struct json j;
		json_begin(&j, "submitted");
		json_i64(&j, "job", job);
		json_str(&j, "image", o->image);
		json_u64(&j, "size", size);
		json_str(&j, "sha256", sha);
		json_u64(&j, "copies", s.copies);
		json_bool(&j, "verify", s.verify);
		json_i64(&j, "priority", s.priority);
		json_end(&j, stdout);
	} else {
		printf("job %" PRId64 ": %u cop%s of %s (%" PRIu64 " bytes, SHA-256 %s)%s\n", job,
		       s.copies, s.copies == 1 ? "y" : "ies", o->image, size, sha,
		       s.verify ? ", verified" : "");
	}
	return EXIT_OK;
}

/* ---- the job commands ----------------------------------------------------------- */

static int do_job_cmd(struct cli *c, const char *conninfo)
{
	const struct options *o = c->o;
	enum station_cmd cmd = o->action == ACT_JOB_CANCEL ? STATION_CANCEL :
			       o->action == ACT_JOB_PAUSE ? STATION_PAUSE :
			       o->action == ACT_JOB_RESUME ? STATION_RESUME : STATION_PRIORITY;
	int64_t job = strtoll(o->st.job, NULL, 10);
	struct db_error err;
	if (station_job_cmd(conninfo, job, cmd, o->st.priority, &err) < 0)
		return fail(c, &err, MSG_INFO);
	static const char *const said[] = {
		[STATION_CANCEL] = "cancelled: no copy is claimed any more (discs being burnt "
				   "are finished)",
		[STATION_PAUSE] = "paused: no copy is claimed until it is resumed (discs being "
				  "burnt are finished)",
		[STATION_RESUME] = "resumed", [STATION_PRIORITY] = "priority changed",
	};
	if (c->json) {
		struct json j;
		json_begin(&j, "job");
		json_i64(&j, "job", job);
		json_str(&j, "done", cmd == STATION_CANCEL ? "cancelled" : cmd == STATION_PAUSE ?
			 "paused" : cmd == STATION_RESUME ? "resumed" : "priority");
		if (cmd == STATION_PRIORITY)
			json_i64(&j, "priority", o->st.priority);
		json_end(&j, stdout);
	} else {
		printf("job %" PRId64 " %s\n", job, said[cmd]);
	}
	return EXIT_OK;
}

/* ---- --status ------------------------------------------------------------------ */

static void status_json(const struct station_status *st)
{
	struct json j;
	for (unsigned i = 0; i < st->njobs; i++) {
		const struct status_job *x = &st->jobs[i];
		json_begin(&j, "job");
		json_i64(&j, "job", x->id);
		json_str(&j, "state", x->state);
		json_str(&j, "image", x->image);
		if (x->label[0])
			json_str(&j, "label", x->label);
		json_str(&j, "sha256", x->sha256);
		json_u64(&j, "size", x->size);
		json_i64(&j, "priority", x->priority);
		json_bool(&j, "verify", x->verify);
		json_u64(&j, "copies", x->copies);
		json_u64(&j, "good", x->good);
		json_u64(&j, "burning", x->burning);
		json_u64(&j, "owed", x->owed);
		json_u64(&j, "failed", x->failed);
		json_str(&j, "submitted", x->submitted);
		json_end(&j, stdout);
	}
	for (unsigned i = 0; i < st->nstations; i++) {
		const struct status_station *x = &st->stations[i];
		json_begin(&j, "station");
		json_i64(&j, "id", x->id);
		json_str(&j, "name", x->name);
		json_str(&j, "host", x->host);
		json_i64(&j, "pid", x->pid);
		json_str(&j, "state", x->state);
		json_bool(&j, "stale", x->stale);
		json_dbl(&j, "heartbeat_age_s", x->heartbeat_age_s);
		json_u64(&j, "lease_s", x->lease_s);
		json_u64(&j, "good", x->good);
		json_u64(&j, "failed", x->failed);
		json_str(&j, "started", x->started);
		json_end(&j, stdout);
	}
	for (unsigned i = 0; i < st->ndrives; i++) {
		const struct status_drive *x = &st->drives[i];
		json_begin(&j, "drive");
		json_str(&j, "station", x->station);
		json_str(&j, "device", x->dev);
		json_str(&j, "state", x->state);
		json_u64(&j, "good", x->good);
		json_u64(&j, "failed", x->failed);
		if (x->reason[0])
			json_str(&j, "reason", x->reason);
		json_end(&j, stdout);
	}
	for (unsigned i = 0; i < st->nburnt; i++) {
		const struct status_burnt *x = &st->burnt[i];
		json_begin(&j, "burnt");
		json_i64(&j, "job", x->job);
		json_str(&j, "station", x->station);
		json_u64(&j, "good", x->good);
		json_u64(&j, "failed", x->failed);
		json_end(&j, stdout);
	}
	json_begin(&j, "status");
	json_str(&j, "database", st->db);
	json_i64(&j, "schema", st->schema);
	json_u64(&j, "jobs", st->njobs);
	json_u64(&j, "stations", st->nstations);
	json_end(&j, stdout);
}

static void status_text(const struct station_status *st)
{
	printf("Database %s (schema %d)\n\n", st->db, st->schema);
	printf("%5s  %-9s %4s %6s %5s %7s %5s %8s  %s\n", "JOB", "STATE", "PRI", "COPIES",
	       "GOOD", "BURNING", "OWED", "COASTERS", "LABEL / IMAGE");
	for (unsigned i = 0; i < st->njobs; i++) {
		const struct status_job *x = &st->jobs[i];
		printf("%5" PRId64 "  %-9s %4d %6u %5u %7u %5u %8u  %s%s%s\n", x->id, x->state,
		       x->priority, x->copies, x->good, x->burning, x->owed, x->failed, x->label,
		       x->label[0] ? " / " : "", x->image);
	}
	if (!st->njobs)
		printf("  (no jobs)\n");
	printf("\n%-16s %-16s %-8s %10s %5s %6s\n", "STATION", "HOST", "STATE", "HEARTBEAT",
	       "GOOD", "FAILED");
	for (unsigned i = 0; i < st->nstations; i++) {
		const struct status_station *x = &st->stations[i];
		char age[32];
		snprintf(age, sizeof(age), "%.0fs ago", x->heartbeat_age_s);
		printf("%-16s %-16s %-8s %10s %5u %6u%s\n", x->name, x->host,
		       x->stale ? "silent" : x->state, age, x->good, x->failed,
		       x->stale ? "  (lease run out: will be marked lost)" : "");
	}
	printf("\n%-16s %-40s %-8s %5s %6s  %s\n", "STATION", "DRIVE", "STATE", "GOOD", "FAILED",
	       "WHY OUT");
	for (unsigned i = 0; i < st->ndrives; i++) {
		const struct status_drive *x = &st->drives[i];
		printf("%-16s %-40s %-8s %5u %6u  %s\n", x->station, x->dev, x->state, x->good,
		       x->failed, !strcmp(x->state, "out") ? x->reason : "");
	}
	if (st->nburnt) {
		printf("\n%5s  %-16s %5s %6s\n", "JOB", "BURNT BY", "GOOD", "FAILED");
		for (unsigned i = 0; i < st->nburnt; i++)
			printf("%5" PRId64 "  %-16s %5u %6u\n", st->burnt[i].job,
			       st->burnt[i].station, st->burnt[i].good, st->burnt[i].failed);
	}
}

static int do_status(struct cli *c, const char *conninfo)
{
	struct station_status st;
	struct db_error err;
	if (station_status(conninfo, &st, &err) < 0)
		return fail(c, &err, MSG_INFO);
	if (c->json)
		status_json(&st);
	else
		status_text(&st);
	station_status_free(&st);
	return EXIT_OK;
}

/* ---- --station -------------------------------------------------------------------- */

struct station_view {
	struct cli *c;
	struct dup_view *dup;
	bool refused;
	struct db_error refusal;
};

struct found {
	char (*dev)[256];
	unsigned n, max;
};

static void found_one(void *ctx, const struct transport_found *f)
{
	struct found *l = ctx;
	if (l->n < l->max && f->peripheral_type == 5)
		snprintf(l->dev[l->n++], sizeof(l->dev[0]), "%s", f->dev);
}

static int open_drive(void *ctx, const char *dev, struct device **d, struct db_error *err)
{
	return cli_open(ctx, dev, 0, d, err);
}

static void say(struct station_view *v, const struct station_note *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct station_view *v, const struct station_note *n, const char *fmt, ...)
{
	static const char *const names[] = {
		[SN_STARTED] = "started", [SN_DB_LOST] = "database-lost", [SN_DB_BACK] = "database-back",
		[SN_JOB] = "job", [SN_IMAGE] = "image", [SN_REFUSED] = "refused", [SN_CLAIM] = "claim",
		[SN_DISC] = "disc", [SN_LATE] = "late-report", [SN_REPORT_FAILED] = "report-refused", [SN_REAPED] = "reaped",
		[SN_LEASE_LOST] = "lease-lost", [SN_DRIVE_OUT] = "drive-out", [SN_IDLE] = "idle",
	};
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!v->c->json) {
		if (!v->c->o->silent || n->type == SN_REFUSED || n->type == SN_DB_LOST ||
		    n->type == SN_DRIVE_OUT || n->type == SN_REPORT_FAILED)
			fprintf(stderr, "discburn: station: %s\n", text);
		return;
	}
	struct json j;
	json_begin(&j, "station");
	json_str(&j, "what", names[n->type]);
	if (n->job)
		json_i64(&j, "job", n->job);
	if (n->copy)
		json_i64(&j, "copy", n->copy);
	if (n->dev)
		json_str(&j, "device", n->dev);
	if (n->result)
		json_str(&j, "result", n->result);
	if (n->err && n->err->code) {
		char reason[DB_REASON_NAME_MAX];
		db_reason_name(n->err->reason, reason);
		json_str(&j, "reason", reason);
	}
	json_str(&j, "message", text);
	json_end(&j, stdout);
}

static void on_note(void *ctx, const struct station_note *n)
{
	struct station_view *v = ctx;
	char why[512] = "";
	if (n->err && n->err->code)
		cli_text(n->err, why, sizeof(why));
	switch (n->type) {
	case SN_STARTED:
		say(v, n, "registered as station %" PRIu64 "; waiting for work", n->n);
		break;
	case SN_DB_LOST:
		say(v, n, "the database is away (%s); reconnecting", why);
		break;
	case SN_DB_BACK:
		say(v, n, "the database is back");
		break;
	case SN_JOB:
		say(v, n, "job %" PRId64 ": %s", n->job, n->image);
		break;
	case SN_IMAGE:
		say(v, n, "job %" PRId64 ": image ready (%" PRIu64 " bytes, %s)", n->job, n->n,
		    n->cached ? "from the cache" : "fetched and checked");
		break;
	case SN_REFUSED:
		say(v, n, "job %" PRId64 " refused: %s", n->job, why);
		if (!v->refused) {
			v->refused = true;
			v->refusal = *n->err;
		}
		break;
	case SN_CLAIM:
		say(v, n, "[%s] copy %d of job %" PRId64, n->dev, n->copy, n->job);
		break;
	case SN_DISC:
		if (!strcmp(n->result, "good"))
			say(v, n, "[%s] copy %d of job %" PRId64 ": good", n->dev, n->copy, n->job);
		else if (!strcmp(n->result, "failed"))
			say(v, n, "[%s] copy %d of job %" PRId64 " failed (a coaster; the copy is owed "
			    "again): %s", n->dev, n->copy, n->job, why);
		else
			say(v, n, "[%s] copy %d of job %" PRId64 " not burnt, the disc is untouched%s%s",
			    n->dev, n->copy, n->job, why[0] ? ": " : "", why);
		break;
	case SN_LATE:
		say(v, n, "copy %d of job %" PRId64 " (%s) reported late, from the outbox", n->copy,
		    n->job, n->result);
		break;
	case SN_REPORT_FAILED:
		say(v, n, "the database refused the record of copy %d of job %" PRId64 " (%s); it "
		    "stays in the outbox and is sent again", n->copy, n->job, why);
		break;
	case SN_REAPED:
		say(v, n, "%" PRIu64 " station%s stopped answering: %" PRIu64 " coaster%s recorded "
		    "and their copies owed again", n->n, n->n == 1 ? "" : "s", n->n2,
		    n->n2 == 1 ? "" : "s");
		break;
	case SN_LEASE_LOST:
		say(v, n, "the other stations had given this one up (no heartbeat for a whole "
		    "lease); it carries on");
		break;
	case SN_DRIVE_OUT:
		if (n->n)
			say(v, n, "[%s] taken out after %" PRIu64 " failed discs in a row: %s",
			    n->dev, n->n, why);
		else
			say(v, n, "[%s] cannot be used: %s", n->dev, why);
		break;
	case SN_IDLE:
		say(v, n, "nothing is owed any more; stopping");
		break;
	}
}

static int do_station(struct cli *c, const char *conninfo)
{
	const struct options *o = c->o;
	static struct station_view v;
	v.c = c;
	/* the drives, named as the options name them */
	static char found[JOB_MAX_DRIVES][256];
	static const char *devs[JOB_MAX_DRIVES];
	unsigned n = 0;
	if (o->all_drives) {
		struct found l = { found, 0, JOB_MAX_DRIVES };
		device_scan(found_one, &l);
		n = l.n;
		for (unsigned i = 0; i < n; i++)
			devs[i] = found[i];
		if (!n) {
			struct db_error err;
			db_fail(&err, DB_R_NO_DRIVES_FOUND, .what = "--all-drives");
			return fail(c, &err, MSG_BURN);
		}
	} else {
		for (unsigned i = 0; i < o->ndev; i++)
			devs[n++] = o->dev[i];
	}
	static struct job_drive jd[JOB_MAX_DRIVES];
	for (unsigned i = 0; i < n; i++)
		jd[i] = (struct job_drive){ .name = devs[i] };
	v.dup = cli_dup_view(c, jd, n);
	struct job_events ev = { cli_dup_event, v.dup };
	char cache[4096];
	if (o->st.cache) {
		snprintf(cache, sizeof(cache), "%s", o->st.cache);
	} else {
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
		if (xdg && *xdg)
			snprintf(cache, sizeof(cache), "%s/discburn", xdg);
		else if (home && *home)
			snprintf(cache, sizeof(cache), "%s/.cache/discburn", home);
		else
			snprintf(cache, sizeof(cache), "/var/tmp/discburn-%ld", (long)getuid());
	}
	struct station_params sp = {
		.conninfo = conninfo, .name = o->st.name, .cache_dir = cache,
		.lease_s = o->st.lease, .until_idle = o->st.until_idle,
		.disc_wait_s = o->wait_disc, .burn = cli_burn_params(c), .devs = devs, .ndev = n,
		.open_drive = open_drive, .open_ctx = c, .ev = &ev, .note = on_note,
		.note_ctx = &v, .cancel = &c->cancel,
	};
	struct db_error err;
	int rc = station_run(&sp, &err);
	int code = EXIT_OK;
	if (rc < 0)
		code = fail(c, &err, MSG_BURN);
	else if (v.refused)
		code = msg_exit_code(&v.refusal, MSG_BURN);     /* it ended idle, but refused work */
	cli_done(c, code, NULL);
	return code;
}

int cli_station(struct cli *c)
{
	char *conninfo = NULL;
	struct db_error err;
	if (resolve(c, &conninfo, &err) < 0)
		return fail(c, &err, MSG_INFO);
	int code;
	switch (c->o->action) {
	case ACT_SUBMIT: code = do_submit(c, conninfo); break;
	case ACT_STATUS: code = do_status(c, conninfo); break;
	case ACT_STATION: code = do_station(c, conninfo); break;
	default: code = do_job_cmd(c, conninfo); break;
	}
	memset(conninfo, 0, strlen(conninfo));
	free(conninfo);
	return code;
}

#else

int cli_station(struct cli *c)
{
	struct db_error err;
	db_fail(&err, DB_R_STATIONS_NOT_BUILT);
	int code = msg_exit_code(&err, MSG_INFO);
	cli_error(c, &err, code);
	return code;
}

#endif
