// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Base} from "../utils/Base.t.sol";
import {BatteryInterface} from "../../src/BatteryInterface.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {Role, Operation, Units} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The super account's functions and the deployment they start from.
contract SuperAccountTest is Base {
    // ------------------------------------------------------------------ constructor

    function test_constructor_grantsSuperAndAdminRoles() public view {
        assertTrue(iface.hasRole(iface.SUPER_ROLE(), superAccount));
        assertTrue(iface.hasRole(iface.DEFAULT_ADMIN_ROLE(), superAccount));
        assertEq(iface.treasury(), superAccount);
        assertEq(iface.batteryProcess(), address(bp));
        assertEq(iface.balanceProcess(), address(bal));
        assertTrue(iface.isTrustedForwarder(address(forwarder)));
        assertEq(bp.controller(), address(iface));
        assertEq(bal.controller(), address(iface));
    }

    function test_constructor_emitsTreasurySet() public {
        vm.expectEmit(true, false, false, false);
        emit IBatteryInterface.TreasurySet(stranger);
        new BatteryInterface(address(forwarder), bp, bal, stranger);
    }

    function test_RevertWhen_constructor_superAccountZero() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, address(0)));
        new BatteryInterface(address(forwarder), bp, bal, address(0));
    }

    // ------------------------------------------------------------------ registerEVOwner

    function test_registerEVOwner_registersAccountAndUnit() public {
        address account = makeAddr("newEV");
        vm.expectEmit(true, true, false, true, address(iface));
        emit IBatteryInterface.AccountRegistered(account, Role.EVOwner, 7);
        vm.prank(superAccount);
        iface.registerEVOwner(account, 7);
        (Role role, uint32 unit) = iface.accountOf(account);
        assertEq(uint8(role), uint8(Role.EVOwner));
        assertEq(unit, 7);
        assertEq(iface.accountOfUnit(7), account);
    }

    function test_registerEVOwner_acceptsLargestId() public {
        vm.prank(superAccount);
        iface.registerEVOwner(stranger, Units.STATION_FLAG - 1);
        assertEq(iface.accountOfUnit(Units.STATION_FLAG - 1), stranger);
    }

    function test_RevertWhen_registerEVOwner_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, evOwner));
        vm.prank(evOwner);
        iface.registerEVOwner(stranger, 9);
    }

    function test_RevertWhen_registerEVOwner_idZero() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceInvalidUnit.selector, 0));
        vm.prank(superAccount);
        iface.registerEVOwner(stranger, 0);
    }

    function test_RevertWhen_registerEVOwner_idHasStationFlag() public {
        uint32 id = Units.STATION_FLAG | 5;
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceInvalidUnit.selector, id));
        vm.prank(superAccount);
        iface.registerEVOwner(stranger, id);
    }

    function test_RevertWhen_registerEVOwner_accountRegistered() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyRegistered.selector, operator, 9)
        );
        vm.prank(superAccount);
        iface.registerEVOwner(operator, 9);
    }

    function test_RevertWhen_registerEVOwner_unitTaken() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyRegistered.selector, stranger, EV_ID)
        );
        vm.prank(superAccount);
        iface.registerEVOwner(stranger, EV_ID);
    }

    function test_RevertWhen_registerEVOwner_accountZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyRegistered.selector, address(0), 9)
        );
        vm.prank(superAccount);
        iface.registerEVOwner(address(0), 9);
    }

    // ------------------------------------------------------------------ registerStationOperator

    function test_registerStationOperator_registersAccountAndStationUnit() public {
        uint32 unit = Units.station(2);
        vm.expectEmit(true, true, false, true, address(iface));
        emit IBatteryInterface.AccountRegistered(stranger, Role.StationOperator, unit);
        vm.prank(superAccount);
        iface.registerStationOperator(stranger, 2);
        (Role role, uint32 got) = iface.accountOf(stranger);
        assertEq(uint8(role), uint8(Role.StationOperator));
        assertEq(got, unit);
        assertEq(iface.accountOfUnit(unit), stranger);
        // Station 2 and EV 2 are different units.
        assertEq(iface.accountOfUnit(2), address(0));
    }

    function test_RevertWhen_registerStationOperator_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, operator));
        vm.prank(operator);
        iface.registerStationOperator(stranger, 2);
    }

    function test_RevertWhen_registerStationOperator_idZero() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceInvalidUnit.selector, 0));
        vm.prank(superAccount);
        iface.registerStationOperator(stranger, 0);
    }

    function test_RevertWhen_registerStationOperator_idHasStationFlag() public {
        uint32 id = Units.STATION_FLAG | 2;
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceInvalidUnit.selector, id));
        vm.prank(superAccount);
        iface.registerStationOperator(stranger, id);
    }

    function test_RevertWhen_registerStationOperator_unitTaken() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyRegistered.selector, stranger, STATION_UNIT)
        );
        vm.prank(superAccount);
        iface.registerStationOperator(stranger, STATION_ID);
    }

    function test_RevertWhen_registerStationOperator_accountRegistered() public {
        uint32 unit = Units.station(2);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAlreadyRegistered.selector, evOwner, unit)
        );
        vm.prank(superAccount);
        iface.registerStationOperator(evOwner, 2);
    }

    // ------------------------------------------------------------------ grantECoin

    function test_grantECoin_mintsToRegisteredAccount() public {
        uint256 supply = bal.totalSupply();
        vm.expectEmit(true, true, false, true, address(bal));
        emit IERC20.Transfer(address(0), evOwner, 500);
        vm.expectEmit(true, false, false, true, address(iface));
        emit IBatteryInterface.ECoinGranted(evOwner, 500);
        vm.prank(superAccount);
        iface.grantECoin(evOwner, 500);
        assertEq(bal.balanceOf(evOwner), GRANT + 500);
        assertEq(bal.totalSupply(), supply + 500);
    }

    function test_RevertWhen_grantECoin_recipientUnregistered() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, stranger, Role.EVOwner
            )
        );
        vm.prank(superAccount);
        iface.grantECoin(stranger, 1);
    }

    function test_RevertWhen_grantECoin_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, operator));
        vm.prank(operator);
        iface.grantECoin(operator, 1);
    }

    // ------------------------------------------------------------------ setFee

    function test_setFee_setsEachOperation() public {
        for (uint8 op; op <= uint8(Operation.Swap); ++op) {
            vm.expectEmit(true, false, false, true, address(iface));
            emit IBatteryInterface.FeeSet(Operation(op), 10 + op);
            vm.prank(superAccount);
            iface.setFee(Operation(op), 10 + op);
        }
        for (uint8 op; op <= uint8(Operation.Swap); ++op) {
            assertEq(iface.feeOf(Operation(op)), 10 + op);
        }
    }

    function test_setFee_leavesOtherFeesAndConfig() public {
        vm.prank(superAccount);
        iface.setFee(Operation.Charge, type(uint32).max);
        assertEq(iface.feeOf(Operation.Charge), type(uint32).max);
        assertEq(iface.feeOf(Operation.Swap), SWAP_FEE);
        assertEq(iface.feeOf(Operation.Discharge), 0);
        assertEq(iface.energyPrice(), ENERGY_PRICE);
        assertFalse(iface.paused());
    }

    function test_RevertWhen_setFee_over32Bits() public {
        uint256 fee = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 32, fee));
        vm.prank(superAccount);
        iface.setFee(Operation.Swap, fee);
    }

    function test_RevertWhen_setFee_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, operator));
        vm.prank(operator);
        iface.setFee(Operation.Swap, 0);
    }

    // ------------------------------------------------------------------ setEnergyPrice

    function test_setEnergyPrice_setsPrice() public {
        vm.expectEmit(false, false, false, true, address(iface));
        emit IBatteryInterface.EnergyPriceSet(250);
        vm.prank(superAccount);
        iface.setEnergyPrice(250);
        assertEq(iface.energyPrice(), 250);
        assertEq(iface.feeOf(Operation.Swap), SWAP_FEE);
    }

    function test_RevertWhen_setEnergyPrice_over32Bits() public {
        uint256 price = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 32, price));
        vm.prank(superAccount);
        iface.setEnergyPrice(price);
    }

    function test_RevertWhen_setEnergyPrice_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, stranger));
        vm.prank(stranger);
        iface.setEnergyPrice(1);
    }

    // ------------------------------------------------------------------ setTreasury

    function test_setTreasury_setsTreasuryKeepingSwapCount() public {
        _requestSwap();
        vm.expectEmit(true, false, false, false, address(iface));
        emit IBatteryInterface.TreasurySet(stranger);
        vm.prank(superAccount);
        iface.setTreasury(stranger);
        assertEq(iface.treasury(), stranger);
        assertEq(iface.swapCount(), 1);
    }

    function test_setTreasury_feesGoToNewTreasury() public {
        address treasury = makeAddr("treasury");
        vm.startPrank(superAccount);
        iface.setTreasury(treasury);
        iface.setFee(Operation.RegisterBattery, 7);
        vm.stopPrank();
        _registerBattery(evOwner);
        assertEq(bal.balanceOf(treasury), 7);
    }

    function test_RevertWhen_setTreasury_zeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(superAccount);
        iface.setTreasury(address(0));
    }

    function test_RevertWhen_setTreasury_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, evOwner));
        vm.prank(evOwner);
        iface.setTreasury(evOwner);
    }

    // ------------------------------------------------------------------ setPaused

    function test_setPaused_blocksUserOperations() public {
        uint32 id = _registerBattery(operator);
        vm.expectEmit(false, false, false, true, address(iface));
        emit IBatteryInterface.PausedSet(true);
        vm.prank(superAccount);
        iface.setPaused(true);
        assertTrue(iface.paused());

        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(operator);
        iface.discharge(id, 19_000, 950, 60);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(operator);
        iface.registerBattery(_staticInfo(), _reading(), 0);
        vm.expectRevert(IBatteryInterface.BatteryInterfacePaused.selector);
        vm.prank(operator);
        iface.reportCharging(id, 20_000, 1000);
    }

    function test_setPaused_leavesSuperAccountFunctions() public {
        vm.startPrank(superAccount);
        iface.setPaused(true);
        iface.registerEVOwner(stranger, 9);
        iface.grantECoin(stranger, 1);
        iface.setFee(Operation.Charge, 1);
        vm.stopPrank();
        assertEq(bal.balanceOf(stranger), 1);
    }

    function test_setPaused_resumes() public {
        vm.startPrank(superAccount);
        iface.setPaused(true);
        iface.setPaused(false);
        vm.stopPrank();
        assertFalse(iface.paused());
        _registerBattery(evOwner);
    }

    function test_RevertWhen_setPaused_callerNotSuper() public {
        vm.expectRevert(abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, operator));
        vm.prank(operator);
        iface.setPaused(true);
    }

    // ------------------------------------------------------------------ AccessControl

    function test_grantRole_makesAnotherSuperAccount() public {
        bytes32 role = iface.SUPER_ROLE();
        vm.prank(superAccount);
        iface.grantRole(role, stranger);
        vm.prank(stranger);
        iface.registerEVOwner(makeAddr("x"), 42);
        assertEq(iface.accountOfUnit(42), makeAddr("x"));
    }

    function test_revokeRole_removesSuperAccount() public {
        bytes32 role = iface.SUPER_ROLE();
        vm.prank(superAccount);
        iface.revokeRole(role, superAccount);
        vm.expectRevert(
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, superAccount)
        );
        vm.prank(superAccount);
        iface.setPaused(true);
    }

    function test_RevertWhen_grantRole_callerNotAdmin() public {
        bytes32 role = iface.SUPER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, evOwner, iface.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(evOwner);
        iface.grantRole(role, evOwner);
    }
}
