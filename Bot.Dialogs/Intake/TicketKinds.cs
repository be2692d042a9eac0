namespace ChatIntake.Dialogs.Intake;

/// <summary>What each kind of report is owed: the one place that says which targets and follow-ups a kind gets.</summary>
public static class TicketKinds
{
    /// <summary>Thanks needs no answer by a deadline; everything else gets a first answer in working time.</summary>
    public static bool HasResponseTarget(TicketKind kind) => kind != TicketKind.Appreciation;

    /// <summary>A suggestion is answered, not "fixed": only problems and complaints run against a resolution time.</summary>
    public static bool HasResolutionTarget(TicketKind kind) => kind is TicketKind.Problem or TicketKind.Complaint;

    /// <summary>"Is it fixed?" after resolution makes no sense for thanks.</summary>
    public static bool AsksIfFixed(TicketKind kind) => kind != TicketKind.Appreciation;

    /// <summary>"Still being handled" while a ticket is quiet: thanks is not being handled.</summary>
    public static bool TellsProgress(TicketKind kind) => kind != TicketKind.Appreciation;

    /// <summary>Complaints and thanks may be about a department or district rather than a place.</summary>
    public static bool MayNameUnit(TicketKind kind) => kind is TicketKind.Complaint or TicketKind.Appreciation;

    /// <summary>The kinds for which <paramref name="rule"/> holds, for a query's IN list.</summary>
    public static IReadOnlyList<TicketKind> Matching(Func<TicketKind, bool> rule) => [.. Enum.GetValues<TicketKind>().Where(rule)];
}
