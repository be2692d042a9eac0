namespace ChatIntake.Staff;

/// <summary>What a sign-in attempt came to.</summary>
public abstract record SignInOutcome
{
    public sealed record Success(StaffMember Staff) : SignInOutcome;

    public sealed record Locked(DateTimeOffset Until) : SignInOutcome;

    public sealed record Invalid : SignInOutcome;
}
