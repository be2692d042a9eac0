using System.Collections.Concurrent;

namespace ChatIntake.Conversations;

/// <summary>
/// One thread of its own for the commits written while turns run (<see cref="ArrivalWriter"/>). On the thread pool the
/// writer often got a thread only after the turns it was meant to run beside had finished: the pool's two threads were
/// the turning one and one blocked in SQLite. Work queued here starts on the other core at once, and its awaits come back here.
/// </summary>
internal sealed class WriterThread : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queued = [];
    private readonly Thread _thread;

    public WriterThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Turn writer" };
        _thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs <paramref name="work"/> on this thread; its awaits resume here (unless it asks otherwise).</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    public void Dispose() => _queued.CompleteAdding();

    protected override void QueueTask(Task task)
    {
        try
        {
            _queued.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Stopped: whatever still comes (a commit finishing during shutdown) runs on the pool.
            ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queued];

    private void Run()
    {
        foreach (var task in _queued.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }

        _queued.Dispose();
    }
}
