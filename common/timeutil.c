/* timeutil.c -- epoch seconds <-> ISO 8601 and clocks (see timeutil.h). */
#include "common/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil. */
int64_t ak_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t ak_utc_seconds(int y, int mon, int day, int h, int min, int s)
{
    return ak_days_from_civil(y, (unsigned)mon, (unsigned)day) * 86400 + h * 3600 + min * 60 + s;
}

static void civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    *h = (int)(rem / 3600);
    *mi = (int)(rem % 3600 / 60);
    *s = (int)(rem % 60);
    /* civil_from_days */
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)((int64_t)yoe + era * 400 + (*mo <= 2));
}

void ak_time_iso(int64_t t, char out[AK_ISO_MAX])
{
    if (t == AK_TIME_NONE) {
        out[0] = '\0';
        return;
    }
    int y, mo, d, h, mi, s;
    civil(t, &y, &mo, &d, &h, &mi, &s);
    snprintf(out, AK_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

void ak_time_iso_offset(int64_t t, int off_min, char out[AK_ISO_MAX])
{
    if (t == AK_TIME_NONE) {
        out[0] = '\0';
        return;
    }
    int y, mo, d, h, mi, s;
    civil(t + (int64_t)off_min * 60, &y, &mo, &d, &h, &mi, &s);
    int a = off_min < 0 ? -off_min : off_min;
    snprintf(out, AK_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s,
             off_min < 0 ? '-' : '+', a / 60, a % 60);
}

static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)**p)) return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

bool ak_time_parse_iso(const char *s, int default_off_min, int64_t *t, int *off_min,
                       bool *has_time)
{
    const char *p = s;
    while (isspace((unsigned char)*p)) p++;
    int y = digits(&p, 4);
    if (y < 1900 || y > 2200) return false;
    bool basic = isdigit((unsigned char)*p);
    if (!basic && *p++ != '-') return false;
    int mo = digits(&p, 2);
    if (!basic && *p++ != '-') return false;
    int d = digits(&p, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
    int h = 0, mi = 0, sec = 0, off = default_off_min;
    bool timed = false;
    if ((*p == 'T' || *p == 't' || *p == ' ') && isdigit((unsigned char)p[1])) {
        p++;
        h = digits(&p, 2);
        if (*p == ':') p++;
        mi = digits(&p, 2);
        if (h < 0 || h > 24 || mi < 0 || mi > 59) return false;
        if (*p == ':' || isdigit((unsigned char)*p)) {
            if (*p == ':') p++;
            sec = digits(&p, 2);
            if (sec < 0 || sec > 60) return false;
            if (sec == 60) sec = 59; /* leap second */
            if (*p == '.' || *p == ',') {
                p++;
                while (isdigit((unsigned char)*p)) p++;
            }
        }
        timed = true;
        while (*p == ' ') p++;
        if (*p == 'Z' || *p == 'z') {
            off = 0;
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1;
            p++;
            int oh = digits(&p, 2);
            if (*p == ':') p++;
            int om = isdigit((unsigned char)*p) ? digits(&p, 2) : 0;
            if (oh < 0 || oh > 14 || om < 0 || om > 59) return false;
            off = sign * (oh * 60 + om);
        } else if (strncmp(p, "UTC", 3) == 0 || strncmp(p, "GMT", 3) == 0) {
            off = 0;
            p += 3;
        }
    }
    while (isspace((unsigned char)*p)) p++;
    if (*p) return false;
    *t = ak_utc_seconds(y, mo, d, h, mi, sec) - (int64_t)off * 60;
    if (off_min) *off_min = off;
    if (has_time) *has_time = timed;
    return true;
}

int64_t ak_now(void) { return (int64_t)time(NULL); }

int64_t ak_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double cpu_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double ak_cpu_process(void) { return cpu_clock(CLOCK_PROCESS_CPUTIME_ID); }

double ak_cpu_thread(void) { return cpu_clock(CLOCK_THREAD_CPUTIME_ID); }
