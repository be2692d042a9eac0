namespace ChatIntake.Dialogs.Engine;

public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken cancellationToken);
