namespace ChatIntake.Dialogs.Engine;

/// <summary>Mutable on purpose: a validator may recognise what the prompt could not (e.g. a category by keyword).</summary>
public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; set; }

    public T? Value { get; set; }

    public static PromptRecognizerResult<T> Success(T value) => new() { Succeeded = true, Value = value };

    public static PromptRecognizerResult<T> Failure() => new();
}
