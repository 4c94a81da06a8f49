//! The shell's integration tests, as one test binary (as the core's are, see its
//! `tests/main.rs`): each file here is a module (`cargo test -p confidant --test shell_tests
//! cli_verify::` runs one file's tests); a new file needs its `mod` line below, which the core's
//! `every_test_file_is_a_module_of_its_crates_test_binary` checks.

mod cli_support;

mod cli_backup;
mod cli_forms;
mod cli_verify;
mod release_config;
