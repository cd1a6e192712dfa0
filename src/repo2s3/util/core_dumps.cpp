#include "repo2s3/util/core_dumps.hpp"

#include <sys/prctl.h>

namespace repo2s3::util {

bool disable_core_dumps() {
    return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
}

}  // namespace repo2s3::util
