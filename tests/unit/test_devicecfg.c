/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_devicecfg.c - issue 25: the device flow's keys (defaults, good and
 * bad values, per issuer), the services that offer it, the endpoints
 * kept beside the key cache, and the advice for each client.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "advice.h"
#include "testenv.h"
#include "config.h"
#include "devicecfg.h"
#include "endpoints.h"
#include "err.h"

static struct ct_config *
parse(const char *text, int *r, struct ct_err *e)
{
	struct ct_config *cfg = ct_config_new();

	assert_non_null(cfg);
	ct_err_clear(e);
	*r = ct_config_parse_text(cfg, text, strlen(text), "t", e);
	if (*r == CT_OK)
		*r = ct_config_check_device(cfg, e);
	return cfg;
}

static void
test_defaults(void **state)
{
	struct ct_config *cfg = ct_config_new();

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(cfg->device_flow, 0);
	assert_int_equal(cfg->device_flow_timeout, 300);
	assert_string_equal(cfg->client_id, "");
	assert_string_equal(cfg->client_secret_file, "");
	assert_string_equal(cfg->device_endpoint, "");
	/* RFC 8628 5.4: never sshd by default; lockers and login are in. */
	assert_false(ct_config_service_listed(cfg->device_flow_services,
	    "sshd"));
	assert_true(ct_config_service_listed(cfg->device_flow_services,
	    "login"));
	assert_true(ct_config_service_listed(cfg->device_flow_services,
	    "xsecurelock"));
	assert_true(ct_config_service_listed(cfg->device_flow_services,
	    "gdm-password"));
	assert_false(ct_config_service_listed(cfg->device_flow_services,
	    "gdm"));
	assert_false(ct_config_any_device(cfg));
	ct_config_free(cfg);
}

static void
test_good_values(void **state)
{
	struct ct_config *cfg, v;
	struct ct_err e;
	int r;

	(void)state;
	cfg = parse("audience = a\njwks_url = \njwks_cache = /x\n"
	    "device_flow_services = sshd  login\ndevice_flow_timeout = 60\n"
	    "[issuer corp]\nissuer = https://idp.example\naudience = b\n"
	    "jwks_url = https://idp.example/jwks\ndevice_flow = yes\n"
	    "client_id = pam-cotter\nscope = openid pam-login\n"
	    "client_secret_file = /etc/secret\n", &r, &e);
	assert_int_equal(r, CT_OK);
	assert_int_equal(cfg->device_flow_timeout, 60);
	assert_true(ct_config_service_listed(cfg->device_flow_services,
	    "sshd"));
	assert_true(ct_config_service_listed(cfg->device_flow_services,
	    "login"));
	assert_true(ct_config_any_device(cfg));
	ct_config_view(cfg, 1, &v);
	assert_int_equal(v.device_flow, 1);
	assert_string_equal(v.client_id, "pam-cotter");
	assert_string_equal(v.scope, "openid pam-login");
	assert_string_equal(v.client_secret_file, "/etc/secret");
	ct_config_view(cfg, 0, &v);
	assert_int_equal(v.device_flow, 0);
	ct_config_free(cfg);
}

/* Each bad value is refused, naming its key. */
static void
test_bad_values(void **state)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "device_flow = maybe\n", "device_flow" },
		{ "device_flow_timeout = 5\n", "device_flow_timeout" },
		{ "device_flow_timeout = 1801\n", "device_flow_timeout" },
		{ "device_flow_timeout = 1e3\n", "device_flow_timeout" },
		{ "client_id = a b\n", "client_id" },
		{ "client_secret_file = rel/path\n", "client_secret_file" },
		{ "token_endpoint = http://idp/token\n", "token_endpoint" },
		{ "device_authorization_endpoint = https://a b\n",
		    "device_authorization_endpoint" },
		{ "jwks_url = \njwks_cache = /x\ndevice_flow = yes\n"
		    "client_id = c\n", "static key set" },
		{ "device_flow = yes\n", "needs client_id" },
		{ "[issuer x]\nissuer = https://x\naudience = a\njwks_url = "
		    "\njwks_cache = /y\ndevice_flow_services = login\n",
		    "global key" },
	};
	struct ct_config *cfg;
	struct ct_err e;
	char text[512];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		(void)snprintf(text, sizeof(text), "audience = a\n%s",
		    bad[i].text);
		cfg = parse(text, &r, &e);
		assert_int_equal(r, CT_ECONFIG);
		if (strstr(e.msg, bad[i].why) == NULL)
			fail_msg("%s: %s", bad[i].text, e.msg);
		ct_config_free(cfg);
	}
}

static void
test_endpoints(void **state)
{
	struct ct_config *cfg = ct_config_new();
	char dir[] = "/run/ct-devcfg-XXXXXX", cache[128], file[160];
	char dev[CT_ENDPOINT_MAX + 1], tok[CT_ENDPOINT_MAX + 1], text[256];
	struct ct_err e;

	(void)state;
	assert_non_null(cfg);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	(void)snprintf(cache, sizeof(cache), "%s/keys.json", dir);
	(void)snprintf(file, sizeof(file), "%s" CT_ENDPOINTS_SUFFIX, cache);
	free(cfg->jwks_cache);
	cfg->jwks_cache = strdup(cache);
	/* None yet: the reason names the refresh. */
	ct_err_clear(&e);
	assert_int_equal(ct_endpoints_get(cfg, dev, tok, &e), CT_ECONFIG);
	assert_non_null(strstr(e.msg, "pam-cotter refresh"));
	/* What the fetcher writes, the module reads. */
	assert_true(ct_endpoints_format(text, sizeof(text), "https://i/d",
	    "https://i/t") > 0);
	t_file_put(file, text, 0644);
	ct_err_clear(&e);
	assert_int_equal(ct_endpoints_get(cfg, dev, tok, &e), CT_OK);
	assert_string_equal(dev, "https://i/d");
	assert_string_equal(tok, "https://i/t");
	/* A configured one wins over the file. */
	free(cfg->token_endpoint);
	cfg->token_endpoint = strdup("https://c/t");
	assert_int_equal(ct_endpoints_get(cfg, dev, tok, &e), CT_OK);
	assert_string_equal(tok, "https://c/t");
	/* Not https, or world-writable: refused. */
	free(cfg->token_endpoint);
	cfg->token_endpoint = strdup("");
	t_file_put(file, "device_authorization_endpoint http://i/d\n"
	    "token_endpoint https://i/t\n", 0644);
	assert_int_equal(ct_endpoints_get(cfg, dev, tok, &e), CT_ECONFIG);
	t_file_put(file, text, 0666);
	assert_int_equal(ct_endpoints_get(cfg, dev, tok, &e), CT_ECONFIG);
	(void)unlink(file);
	(void)rmdir(dir);
	ct_config_free(cfg);
}

/* Point 4: each client's advice names its own way, never another's. */
static void
test_advice(void **state)
{
	(void)state;
	assert_non_null(strstr(ct_advice_log(CT_CLIENT_SSH, 1),
	    "keyboard-interactive"));
	assert_null(strstr(ct_advice_log(CT_CLIENT_SUDO, 1),
	    "keyboard-interactive"));
	assert_non_null(strstr(ct_advice_log(CT_CLIENT_SUDO, 0), "parts"));
	assert_non_null(strstr(ct_advice_log(CT_CLIENT_SCREEN, 1),
	    "code on another device"));
	assert_null(strstr(ct_advice_log(CT_CLIENT_SCREEN, 0),
	    "code on another device"));
	assert_null(strstr(ct_advice_screen(CT_CLIENT_SCREEN, 1), "parts"));
	assert_null(strstr(ct_advice_screen(CT_CLIENT_OTHER, 1),
	    "keyboard-interactive"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_advice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
