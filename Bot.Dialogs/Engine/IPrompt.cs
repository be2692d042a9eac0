namespace ChatIntake.Dialogs.Engine;

/// <summary>Marks dialogs that ask one question and end with the answer.</summary>
public interface IPrompt;
