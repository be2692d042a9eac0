using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>Keeps every formatted log line, and every logged exception, for a test to search.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<Exception> _exceptions = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IReadOnlyList<Exception> Exceptions => [.. _exceptions];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            if (exception is not null)
            {
                owner._exceptions.Enqueue(exception);
            }
        }
    }
}
