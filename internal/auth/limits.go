package auth

import (
	"time"

	"sessionguard/models"
)

// Limits are the budgets that slow guessing and probing. They live in the database, so every
// replica spends from the same ones.
type Limits struct {
	// Failed logins: per email and per client address for everyone, and per trusted device for
	// browsers that signed the user in before (budgeted apart, so nobody else can lock them out).
	PerEmail, PerAddress, PerDevice models.LoginLimit
	// SignUpsPerAddress bounds new accounts from one client address, successful or not.
	SignUpsPerAddress models.LoginLimit
	// Answers that tell an email is registered ("is already in use" from createUser), per client
	// address and per account: only such answers spend.
	DiscoveriesPerAddress, DiscoveriesPerAccount models.LoginLimit
}

// DefaultLimits: 5 failed logins per email, then one a minute; 50 per address (an office behind
// one NAT mistypes too), then one every 6 seconds; a trusted device as an email. Only failures
// count: correct logins never spend. 5 sign-ups per address, then one every 12 minutes (5 an
// hour). 10 answers that an email is taken, then one a minute.
var DefaultLimits = Limits{
	PerEmail:              models.LoginLimit{Burst: 5, Every: time.Minute},
	PerAddress:            models.LoginLimit{Burst: 50, Every: 6 * time.Second},
	PerDevice:             models.LoginLimit{Burst: 5, Every: time.Minute},
	SignUpsPerAddress:     models.LoginLimit{Burst: 5, Every: 12 * time.Minute},
	DiscoveriesPerAddress: models.LoginLimit{Burst: 10, Every: time.Minute},
	DiscoveriesPerAccount: models.LoginLimit{Burst: 10, Every: time.Minute},
}
