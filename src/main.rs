//! The `xraypath` binary: the desktop app, or a headless command.

fn main() -> std::process::ExitCode {
    xraypath::cli::main()
}
