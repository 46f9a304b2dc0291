//! Background work for the window: AWS fetches, trace reads, file dialogs
//! and snapshot files run on a tokio runtime the app owns, never on the UI
//! thread.
//!
//! The UI sends [`Command`]s and drains [`WorkerEvent`]s, both over bounded
//! channels; every event wakes the UI with a repaint request.

use crate::aws::{self, AwsError, FetchOptions, Progress};
use crate::model::{Snapshot, SnapshotError, TraceDetail, TraceList, TraceWindow};
use aws_config::SdkConfig;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tokio::runtime::Runtime;
use tokio::sync::mpsc;

/// How many commands may wait; more means the user is clicking faster than
/// the worker can start them.
const COMMAND_CAPACITY: usize = 8;
/// How many events may wait for the next frame.
const EVENT_CAPACITY: usize = 256;

/// Work the UI asks for.
#[derive(Debug)]
pub enum Command {
    /// Read the account and region into a snapshot.
    Fetch(FetchOptions),
    /// Ask for a file and load it as a snapshot.
    Open,
    /// Ask for a path and write the snapshot there.
    Save(Box<Snapshot>),
    /// Ask for a path and write an export there.
    Export {
        file_name: String,
        contents: Vec<u8>,
    },
    /// Read one function's trace summaries over a window.
    Traces {
        options: FetchOptions,
        function: String,
        window: TraceWindow,
    },
    /// Read one trace's segments.
    Trace {
        options: FetchOptions,
        trace_id: String,
    },
}

impl Command {
    /// A short name for logs (a snapshot is too big to print).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Fetch(_) => "fetch",
            Self::Open => "open",
            Self::Save(_) => "save",
            Self::Export { .. } => "export",
            Self::Traces { .. } => "traces",
            Self::Trace { .. } => "trace",
        }
    }
}

/// What the worker reports back.
#[derive(Debug)]
pub enum WorkerEvent {
    /// The profiles of the AWS config and credentials files.
    Profiles(Vec<String>),
    /// One AWS call started or finished.
    Progress(Progress),
    /// A fetch finished; `label` names its source, e.g. `dev · eu-west-1`.
    Fetched {
        label: String,
        result: Result<Box<Snapshot>, WorkerError>,
    },
    /// A snapshot file was read.
    Opened(Result<(Box<Snapshot>, PathBuf), WorkerError>),
    /// A snapshot file was written.
    Saved(Result<PathBuf, WorkerError>),
    /// The user closed a file dialog without choosing.
    Cancelled,
    /// One function's trace summaries were read.
    Traces {
        function: String,
        window: TraceWindow,
        result: Result<TraceList, WorkerError>,
    },
    /// One trace's segments were read.
    Trace {
        trace_id: String,
        result: Result<TraceDetail, WorkerError>,
    },
}

/// Why background work failed; shown in the banner.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// A blocking task panicked or was cancelled.
    #[error("a background task stopped: {0}")]
    Task(String),
    /// An export could not be written.
    #[error("{0}")]
    Export(String),
    /// The command queue is full.
    #[error("still busy with earlier work; try again in a moment")]
    Busy,
    /// The runtime could not start.
    #[error("cannot start background threads: {0}")]
    Start(String),
}

/// The app's handle on its background runtime.
pub struct Worker {
    runtime: Option<Runtime>,
    commands: mpsc::Sender<Command>,
    events: mpsc::Receiver<WorkerEvent>,
}

impl Worker {
    /// Starts the runtime and its dispatcher; `ctx` is woken on every event.
    ///
    /// # Errors
    ///
    /// [`WorkerError::Start`] when the runtime's threads cannot start.
    pub fn start(ctx: egui::Context) -> Result<Self, WorkerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("xraypath-worker")
            .enable_all()
            .build()
            .map_err(|e| WorkerError::Start(e.to_string()))?;
        let (commands, mut inbox) = mpsc::channel::<Command>(COMMAND_CAPACITY);
        let (outbox, events) = mpsc::channel(EVENT_CAPACITY);
        let reporter = Reporter { outbox, ctx };
        let configs = ConfigCache::default();

        runtime.spawn(list_profiles(reporter.clone()));
        runtime.spawn(async move {
            while let Some(command) = inbox.recv().await {
                tracing::debug!(command = command.name(), "worker command");
                let reporter = reporter.clone();
                match command {
                    // Boxed: the SDK's futures are large.
                    Command::Fetch(options) => tokio::spawn(Box::pin(fetch(options, reporter))),
                    Command::Open => tokio::spawn(open(reporter)),
                    Command::Save(snapshot) => tokio::spawn(save(*snapshot, reporter)),
                    Command::Export {
                        file_name,
                        contents,
                    } => tokio::spawn(export(file_name, contents, reporter)),
                    Command::Traces {
                        options,
                        function,
                        window,
                    } => {
                        let read = traces(configs.clone(), options, function, window, reporter);
                        tokio::spawn(Box::pin(read))
                    }
                    Command::Trace { options, trace_id } => tokio::spawn(Box::pin(trace(
                        configs.clone(),
                        options,
                        trace_id,
                        reporter,
                    ))),
                };
            }
        });

        Ok(Self {
            runtime: Some(runtime),
            commands,
            events,
        })
    }

    /// Queues a command without waiting.
    ///
    /// # Errors
    ///
    /// [`WorkerError::Busy`] when the queue is full.
    pub fn send(&self, command: Command) -> Result<(), WorkerError> {
        self.commands
            .try_send(command)
            .map_err(|_| WorkerError::Busy)
    }

    /// Every event that arrived since the last call.
    pub fn drain(&mut self) -> Vec<WorkerEvent> {
        let mut drained = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            drained.push(event);
        }
        drained
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // A dialog or a slow AWS call must not hold the window open.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Sends events to the UI and wakes it.
#[derive(Clone)]
struct Reporter {
    outbox: mpsc::Sender<WorkerEvent>,
    ctx: egui::Context,
}

impl Reporter {
    async fn report(&self, event: WorkerEvent) {
        // A closed channel means the window is gone: nobody is left to tell.
        if self.outbox.send(event).await.is_ok() {
            self.ctx.request_repaint();
        }
    }
}

async fn list_profiles(reporter: Reporter) {
    match aws::list_profiles().await {
        Ok(profiles) => reporter.report(WorkerEvent::Profiles(profiles)).await,
        Err(error) => tracing::warn!(%error, "cannot list AWS profiles"),
    }
}

async fn fetch(options: FetchOptions, reporter: Reporter) {
    let label = format!(
        "{} · {}",
        options.profile.as_deref().unwrap_or("default profile"),
        options.region.as_deref().unwrap_or("default region"),
    );
    let (progress, mut updates) = mpsc::channel::<Progress>(EVENT_CAPACITY);
    let forwarder = reporter.clone();
    let forward = tokio::spawn(async move {
        while let Some(update) = updates.recv().await {
            forwarder.report(WorkerEvent::Progress(update)).await;
        }
    });

    let result = Box::pin(async {
        let config = aws::load_config(&options).await?;
        let snapshot = Box::pin(aws::fetch_snapshot(&config, Some(progress))).await?;
        Ok::<_, WorkerError>(Box::new(snapshot))
    })
    .await;

    // Every progress message lands before the result that ends the fetch.
    if let Err(error) = forward.await {
        tracing::warn!(%error, "progress forwarding stopped");
    }
    reporter
        .report(WorkerEvent::Fetched { label, result })
        .await;
}

/// The SDK configuration of the last options used, so auto-refreshing
/// traces every few seconds does not re-read the profile files each time.
#[derive(Clone, Default)]
struct ConfigCache(Arc<Mutex<Option<(FetchOptions, SdkConfig)>>>);

impl ConfigCache {
    async fn get(&self, options: &FetchOptions) -> Result<SdkConfig, WorkerError> {
        let cached = self
            .0
            .lock()
            .ok()
            .and_then(|guard| guard.clone())
            .filter(|(used, _)| used == options);
        if let Some((_, config)) = cached {
            return Ok(config);
        }

        let config = aws::load_config(options).await?;
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some((options.clone(), config.clone()));
        }
        Ok(config)
    }
}

async fn traces(
    configs: ConfigCache,
    options: FetchOptions,
    function: String,
    window: TraceWindow,
    reporter: Reporter,
) {
    let result = async {
        let config = configs.get(&options).await?;
        let list = aws::fetch_traces(&config, &function, window, SystemTime::now()).await?;
        Ok::<_, WorkerError>(list)
    }
    .await;
    if let Err(error) = &result {
        tracing::warn!(%error, function, "cannot read traces");
    }
    let event = WorkerEvent::Traces {
        function,
        window,
        result,
    };
    reporter.report(event).await;
}

async fn trace(configs: ConfigCache, options: FetchOptions, trace_id: String, reporter: Reporter) {
    let result = async {
        let config = configs.get(&options).await?;
        Ok::<_, WorkerError>(aws::fetch_trace(&config, &trace_id).await?)
    }
    .await;
    if let Err(error) = &result {
        tracing::warn!(%error, trace_id, "cannot read trace");
    }
    reporter
        .report(WorkerEvent::Trace { trace_id, result })
        .await;
}

async fn open(reporter: Reporter) {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Open snapshot")
        .add_filter("xraypath snapshot", &["json"])
        .pick_file()
        .await;
    let Some(file) = picked else {
        reporter.report(WorkerEvent::Cancelled).await;
        return;
    };

    let path = file.path().to_owned();
    let loaded = tokio::task::spawn_blocking(move || {
        Snapshot::load(&path).map(|snapshot| (Box::new(snapshot), path))
    })
    .await;
    let result = match loaded {
        Ok(result) => result.map_err(WorkerError::from),
        Err(error) => Err(WorkerError::Task(error.to_string())),
    };
    reporter.report(WorkerEvent::Opened(result)).await;
}

/// Asks where to write an export, then writes it.
async fn export(file_name: String, contents: Vec<u8>, reporter: Reporter) {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Export")
        .set_file_name(file_name)
        .save_file()
        .await;
    let Some(file) = picked else {
        reporter.report(WorkerEvent::Cancelled).await;
        return;
    };
    let path = file.path().to_owned();
    let written = tokio::task::spawn_blocking(move || {
        std::fs::write(&path, contents)
            .map(|()| path.clone())
            .map_err(|source| {
                WorkerError::Export(format!("cannot write {}: {source}", path.display()))
            })
    })
    .await;
    let result = written.unwrap_or_else(|error| Err(WorkerError::Task(error.to_string())));
    reporter.report(WorkerEvent::Saved(result)).await;
}

async fn save(snapshot: Snapshot, reporter: Reporter) {
    let picked = rfd::AsyncFileDialog::new()
        .set_title("Save snapshot")
        .set_file_name(format!("xraypath-{}.json", snapshot.region))
        .save_file()
        .await;
    let Some(file) = picked else {
        reporter.report(WorkerEvent::Cancelled).await;
        return;
    };

    let path = file.path().to_owned();
    let saved = tokio::task::spawn_blocking(move || snapshot.save(&path).map(|()| path)).await;
    let result = match saved {
        Ok(result) => result.map_err(WorkerError::from),
        Err(error) => Err(WorkerError::Task(error.to_string())),
    };
    reporter.report(WorkerEvent::Saved(result)).await;
}
