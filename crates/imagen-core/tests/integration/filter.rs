//! Filters against `docker images --filter` (being written).
