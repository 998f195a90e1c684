//! Release-cycle checks for Python and Django, offline.
//!
//! This crate will hold: the embedded release-cycle data, status derived from
//! dates, interpreter discovery, the check and list reports, and the refresh
//! of the data from the network.
