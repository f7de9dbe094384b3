#ifndef CELLTWIN_CGSL_SHIM_H
#define CELLTWIN_CGSL_SHIM_H

/* The only place where C is seen: GSL headers plus accessors for GSL's global
   type tables, which Swift 6 would otherwise reject as shared mutable state. */

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_eigen.h>

static inline const gsl_odeiv2_step_type *cgsl_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *cgsl_step_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_odeiv2_step_type *cgsl_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *cgsl_step_rk2imp(void) { return gsl_odeiv2_step_rk2imp; }
static inline const gsl_odeiv2_step_type *cgsl_step_rk4imp(void) { return gsl_odeiv2_step_rk4imp; }
static inline const gsl_odeiv2_step_type *cgsl_step_bsimp(void) { return gsl_odeiv2_step_bsimp; }
static inline const gsl_odeiv2_step_type *cgsl_step_msadams(void) { return gsl_odeiv2_step_msadams; }
static inline const gsl_odeiv2_step_type *cgsl_step_msbdf(void) { return gsl_odeiv2_step_msbdf; }

/* The derivatives GSL's evolve object keeps for the last accepted step: f(t0, y0) (filled by steppers with
   can_use_dydt_in, i.e. the explicit Runge-Kutta pairs) and f(t0 + h, y1) (exact when gives_exact_dydt_out).
   With y0 and y1 they define the step's cubic Hermite interpolant (dense output for event location). */
static inline const double *cgsl_evolve_dydt_in(const gsl_odeiv2_evolve *e) { return e->dydt_in; }
static inline const double *cgsl_evolve_dydt_out(const gsl_odeiv2_evolve *e) { return e->dydt_out; }
static inline int cgsl_step_can_use_dydt_in(const gsl_odeiv2_step *s) { return s->type->can_use_dydt_in; }
static inline int cgsl_step_gives_exact_dydt_out(const gsl_odeiv2_step *s) { return s->type->gives_exact_dydt_out; }

static inline const gsl_interp_type *cgsl_interp_steffen(void) { return gsl_interp_steffen; }
static inline const gsl_interp_type *cgsl_interp_linear(void) { return gsl_interp_linear; }

static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

static inline const gsl_multifit_nlinear_type *cgsl_multifit_trust(void) { return gsl_multifit_nlinear_trust; }
static inline const gsl_multifit_nlinear_trs *cgsl_trs_lm(void) { return gsl_multifit_nlinear_trs_lm; }
static inline const gsl_multifit_nlinear_trs *cgsl_trs_lmaccel(void) { return gsl_multifit_nlinear_trs_lmaccel; }
static inline const gsl_multifit_nlinear_trs *cgsl_trs_dogleg(void) { return gsl_multifit_nlinear_trs_dogleg; }

/* GSL's default error handler calls abort(); CellTwin checks every status instead. */
static inline void cgsl_error_handler_off(void) { (void)gsl_set_error_handler_off(); }

/* Student-t quantiles for confidence intervals of least-squares fits (NonlinearLeastSquares). */
#include <gsl/gsl_cdf.h>

#endif
