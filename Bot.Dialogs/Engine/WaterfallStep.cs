namespace ChatIntake.Dialogs.Engine;

/// <summary>A named step: the name, not the position, is stored, so inserting a step never moves a citizen mid-dialog.</summary>
public sealed record WaterfallStep(string Name, Func<WaterfallStepContext, CancellationToken, Task<DialogTurnResult>> Run);
