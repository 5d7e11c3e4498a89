/* version.h -- the one place the version number lives. */
#ifndef AK_VERSION_H
#define AK_VERSION_H
#define AKHBAR_VERSION "0.1.0"
#define AKHBAR_URL "https://github.com/akhbar-news/akhbar"
#endif
