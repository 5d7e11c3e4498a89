build-asan/tests/test_text: tests/unit/test_text.c common/utf8.h \
 common/buf.h dedup/norm.h parser/charset.h
common/utf8.h:
common/buf.h:
dedup/norm.h:
parser/charset.h:
