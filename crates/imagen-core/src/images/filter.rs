//! Image filters (being written).
