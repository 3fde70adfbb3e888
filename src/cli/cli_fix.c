/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_fix.c — -fix: close the session that a -nofix burn left open.
 *
 * As cdrecord -fix does: no data is written, the drive closes the session
 * (CD, DVD-R: page 05's multi-session field says whether another may
 * follow; DVD+R, BD-R: closed with -multi, finalized without). A disc with
 * no open session is refused, untouched. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/exitcodes.h"
#include "cli/messages.h"
#include "drive/device.h"
#include "drive/drive.h"
#include "mmc/disctype.h"
#include "mmc/mmc.h"

static int fix_fail(struct cli *c, struct db_error *err)
{
	int code = msg_exit_code(err, MSG_BURN);
	cli_error(c, err, code);
	cli_done(c, code, NULL);
	return code;
}

int cli_fix(struct cli *c, struct device *d)
{
	struct db_error err;
	struct mmc_disc_info di;
	struct mmc_config cfg;
	if (device_gate_check(d, &err) < 0 || drive_get_configuration(d, &cfg, &err) < 0 ||
	    drive_read_disc_info(d, &di, &err) < 0)
		return fix_fail(c, &err);
	const struct disc_type *t = disc_type(cfg.current_profile);
	if (t->overwritable || !t->final_close || di.last_session_state != 1) {
		db_fail(&err, DB_R_FIX_NOTHING_OPEN, .subject = c->dev, .profile = cfg.current_profile);
		return fix_fail(c, &err);
	}
	if (t->uses_page05) {
		struct mmc_write_params wp;
		if (drive_get_write_params(d, &wp, &err) < 0)
			return fix_fail(c, &err);
		wp.test_write = false;
		wp.multisession = c->o->multi ? 3 : 0;
		if (drive_set_write_params(d, &wp, &err) < 0)
			return fix_fail(c, &err);
	}
	if (!c->json)
		printf("Fixating...\n");
	fflush(stdout);
	if (drive_close_track_session(d, c->o->multi ? 2 : t->final_close, 0, MMC_TIMEOUT_LONG_MS,
				      &err) < 0)
		return fix_fail(c, &err);
	if (c->o->eject && drive_start_stop(d, false, true, &err) < 0)
		return fix_fail(c, &err);
	cli_done(c, EXIT_OK, NULL);
	return EXIT_OK;
}
