package models

// EndReasonText is why the session ended, in words (SessionEndReason.Text); nil while active.
// gqlgen binds Session.endReasonText to it, so the console shows the server's words.
func (s *Session) EndReasonText() *string {
	if s.EndReason == nil {
		return nil
	}
	return new(s.EndReason.Text())
}
