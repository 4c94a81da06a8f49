//! Argon2id key derivation for the passphrase slot, with bounds on what a key file may ask for.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::VaultError;
use crate::secret::Passphrase;

/// The floor every production key file meets: 64 MiB, 3 passes, 4 lanes.
pub const FLOOR: KdfParams = KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 4 };
/// Ceilings a key file may not exceed, so that a crafted file is refused at once instead of
/// asking for gigabytes of memory or minutes of work.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
pub const MAX_ITERATIONS: u32 = 10;
pub const MAX_PARALLELISM: u32 = 16;
/// Calibration aims for about this long on the machine that creates the vault.
pub const TARGET: Duration = Duration::from_millis(1000);
/// Calibration grows memory up to this before it adds passes (a laptop must still unlock).
const CALIBRATION_MAX_MEMORY_KIB: u32 = 512 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// Cheap parameters so that tests can make many vaults quickly. Only compiled with the
    /// `test-support` feature; production unlocking refuses anything below [`FLOOR`].
    #[cfg(feature = "test-support")]
    pub const fn cheap_for_tests() -> Self {
        Self { memory_kib: 64, iterations: 1, parallelism: 1 }
    }

    /// Refuses absurd or weak parameters before any work is done.
    pub fn check_bounds(&self) -> Result<(), VaultError> {
        self.check_bounds_requiring_floor(!cfg!(feature = "test-support"))
    }

    fn check_bounds_requiring_floor(&self, require_floor: bool) -> Result<(), VaultError> {
        if self.memory_kib > MAX_MEMORY_KIB || self.iterations > MAX_ITERATIONS || self.parallelism > MAX_PARALLELISM {
            return Err(VaultError::KeyFile("key derivation settings are out of bounds"));
        }
        if self.parallelism == 0 || self.iterations == 0 || self.memory_kib < 8 * self.parallelism {
            return Err(VaultError::KeyFile("key derivation settings are invalid"));
        }
        if require_floor && !self.meets_floor() {
            return Err(VaultError::KeyFile("key derivation settings are below the minimum"));
        }
        Ok(())
    }

    fn meets_floor(&self) -> bool {
        self.memory_kib >= FLOOR.memory_kib
            && self.iterations >= FLOOR.iterations
            && self.parallelism >= FLOOR.parallelism
    }

    /// Starts at the floor and grows memory, then passes, toward [`TARGET`] on this machine.
    pub fn calibrate() -> Result<Self, VaultError> {
        let elapsed = time_derivation(&FLOOR)?;
        Ok(Self::scaled_from(FLOOR, elapsed))
    }

    fn scaled_from(floor: Self, elapsed: Duration) -> Self {
        let ratio = (TARGET.as_secs_f64() / elapsed.as_secs_f64().max(0.001)).max(1.0);
        let wanted_memory = f64::from(floor.memory_kib) * ratio;
        let memory_kib = (wanted_memory.min(f64::from(CALIBRATION_MAX_MEMORY_KIB)) as u32).max(floor.memory_kib);
        let remaining = wanted_memory / f64::from(memory_kib);
        let iterations =
            ((f64::from(floor.iterations) * remaining).floor() as u32).clamp(floor.iterations, MAX_ITERATIONS);
        Self { memory_kib: memory_kib / 1024 * 1024, iterations, parallelism: floor.parallelism }
    }

    pub fn derive(&self, passphrase: &Passphrase, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        self.check_bounds()?;
        let params = argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| VaultError::KeyFile("key derivation settings are invalid"))?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.expose_secret().as_bytes(), salt, out.as_mut())
            .map_err(|_| VaultError::KeyFile("key derivation failed"))?;
        Ok(out)
    }
}

fn time_derivation(params: &KdfParams) -> Result<Duration, VaultError> {
    let start = Instant::now();
    params.derive(&Passphrase::new("calibration".into()), &[0u8; 16])?;
    Ok(start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_parameters_are_refused_before_any_work() {
        for params in [
            KdfParams { memory_kib: u32::MAX, ..FLOOR },
            KdfParams { iterations: 1_000_000, ..FLOOR },
            KdfParams { parallelism: 255, ..FLOOR },
            KdfParams { parallelism: 0, ..FLOOR },
        ] {
            let start = Instant::now();
            assert!(params.derive(&Passphrase::new("x".into()), &[0; 16]).is_err());
            assert!(start.elapsed() < Duration::from_millis(100));
        }
    }

    #[test]
    fn production_refuses_parameters_below_the_floor() {
        let weak = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        assert!(weak.check_bounds_requiring_floor(true).is_err());
        assert!(FLOOR.check_bounds_requiring_floor(true).is_ok());
    }

    #[test]
    fn calibration_never_goes_below_the_floor_and_respects_ceilings() {
        let fast = KdfParams::scaled_from(FLOOR, Duration::from_millis(50));
        assert!(fast.memory_kib >= FLOOR.memory_kib && fast.iterations >= FLOOR.iterations);
        assert!(fast.memory_kib <= CALIBRATION_MAX_MEMORY_KIB && fast.iterations <= MAX_ITERATIONS);
        let slow = KdfParams::scaled_from(FLOOR, Duration::from_secs(3));
        assert_eq!(slow, FLOOR, "a slow machine keeps the floor, never less");
    }
}
