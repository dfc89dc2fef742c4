"""The national population database (CSDL quốc gia về dân cư): looking a person up by their
national ID to prefill what they would otherwise type, each look-up for a stated purpose
and recorded (accounts.PersonalDataAccess) so the person can see who looked them up."""
