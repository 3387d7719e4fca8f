//! Running the binary, reading its outputs back.
