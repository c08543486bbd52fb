//! Registry credentials (being written).
