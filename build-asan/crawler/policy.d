build-asan/crawler/policy.o: crawler/policy.c crawler/policy.h
crawler/policy.h:
