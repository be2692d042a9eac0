namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// A question written for one citizen (a report's summary, in their own words) asked with options prepared for everyone
/// (its choices and its retry). The waiting state names those options by key and keeps none of the question: only a
/// waterfall step's prompt may be asked this way, since the step writes its question afresh whenever it is asked again
/// (<see cref="DialogContext.RepromptDialogAsync"/>), and the answer needs only the options.
/// </summary>
public sealed record OwnQuestion(Activity Question, PreparedPromptOptions Options);
