#include <cstdio>

int main() {
    std::puts("repo2s3");
    return 0;
}
